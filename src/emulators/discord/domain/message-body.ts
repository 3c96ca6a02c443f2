import { z } from 'zod';

/** Message flags the emulator looks at. */
export const MessageFlag = {
  SUPPRESS_EMBEDS: 1 << 2,
  EPHEMERAL: 1 << 6,
  LOADING: 1 << 7,
  SUPPRESS_NOTIFICATIONS: 1 << 12,
  IS_COMPONENTS_V2: 1 << 15,
} as const;

const embedSchema = z.looseObject({
  title: z.string().max(256).optional(),
  type: z.string().optional(),
  description: z.string().max(4096).optional(),
  url: z.string().optional(),
  timestamp: z.string().optional(),
  color: z.number().int().min(0).max(0xffffff).nullish(),
  footer: z.looseObject({ text: z.string().max(2048), icon_url: z.string().optional() }).optional(),
  image: z.looseObject({ url: z.string() }).optional(),
  thumbnail: z.looseObject({ url: z.string() }).optional(),
  author: z
    .looseObject({ name: z.string().max(256), url: z.string().optional(), icon_url: z.string().optional() })
    .optional(),
  fields: z
    .array(
      z.looseObject({
        name: z.string().min(1).max(256),
        value: z.string().min(1).max(1024),
        inline: z.boolean().optional(),
      }),
    )
    .max(25)
    .optional(),
});

type Embed = z.infer<typeof embedSchema>;

function embedLength(embed: Embed): number {
  let total = (embed.title?.length ?? 0) + (embed.description?.length ?? 0);
  total += (embed.footer?.text.length ?? 0) + (embed.author?.name.length ?? 0);
  for (const field of embed.fields ?? []) total += field.name.length + field.value.length;
  return total;
}

/** A message component (v1 or v2), checked where Discord is strict and passed through otherwise. */
export interface Component {
  type: number;
  custom_id?: string;
  components?: Component[];
  component?: Component;
  accessory?: Component;
  [key: string]: unknown;
}

const componentSchema: z.ZodType<Component> = z.lazy(() =>
  z.looseObject({
    type: z.number().int().min(1).max(40),
    custom_id: z.string().min(1).max(100).optional(),
    label: z.string().max(80).optional(),
    placeholder: z.string().max(150).optional(),
    options: z
      .array(z.looseObject({ label: z.string().min(1).max(100), value: z.string().min(1).max(100) }))
      .max(25)
      .optional(),
    components: z.array(componentSchema).max(40).optional(),
    component: componentSchema.optional(),
    accessory: componentSchema.optional(),
  }),
);

const NEEDS_CUSTOM_ID = new Set([3, 4, 5, 6, 7, 8]);

/** Checks the rules Discord enforces on component trees and reports them as zod issues. */
function checkComponents(
  components: readonly Component[],
  flags: number,
  ctx: z.RefinementCtx,
  path: (string | number)[],
): void {
  const v2 = (flags & MessageFlag.IS_COMPONENTS_V2) !== 0;
  if (!v2 && components.length > 5) {
    ctx.addIssue({ code: 'custom', path, message: 'Must be 5 or fewer in length.' });
  }
  const seen = new Set<string>();
  const visit = (component: Component, at: (string | number)[]) => {
    if (component.custom_id !== undefined) {
      if (seen.has(component.custom_id)) {
        ctx.addIssue({
          code: 'custom',
          path: [...at, 'custom_id'],
          message: 'Component custom id cannot be duplicated',
        });
      }
      seen.add(component.custom_id);
    }
    const isLinkOrPremium = component.type === 2 && (component.style === 5 || component.style === 6);
    if ((component.type === 2 && !isLinkOrPremium) || NEEDS_CUSTOM_ID.has(component.type)) {
      if (component.custom_id === undefined) {
        ctx.addIssue({ code: 'custom', path: [...at, 'custom_id'], message: 'This field is required' });
      }
    }
    if (component.type === 1 && (component.components?.length ?? 0) === 0) {
      ctx.addIssue({
        code: 'custom',
        path: [...at, 'components'],
        message: 'Action rows need at least one component',
      });
    }
    if (component.type === 1 && (component.components?.length ?? 0) > 5) {
      ctx.addIssue({ code: 'custom', path: [...at, 'components'], message: 'Must be 5 or fewer in length.' });
    }
    for (const [i, child] of (component.components ?? []).entries()) visit(child, [...at, 'components', i]);
    if (component.component) visit(component.component, [...at, 'component']);
    if (component.accessory) visit(component.accessory, [...at, 'accessory']);
  };
  for (const [i, component] of components.entries()) visit(component, [...path, i]);
}

const attachmentRefSchema = z.looseObject({
  id: z.union([z.string(), z.number()]),
  filename: z.string().optional(),
  description: z.string().max(1024).optional(),
});

/** The body of create/edit message, webhook follow-ups and message interaction responses. */
export const messageBodySchema = z
  .looseObject({
    content: z.string().max(2000).nullish(),
    nonce: z.union([z.string().max(25), z.number().int()]).nullish(),
    tts: z.boolean().optional(),
    embeds: z.array(embedSchema).max(10).nullish(),
    allowed_mentions: z
      .looseObject({
        parse: z.array(z.enum(['users', 'roles', 'everyone'])).optional(),
        users: z.array(z.string()).max(100).optional(),
        roles: z.array(z.string()).max(100).optional(),
        replied_user: z.boolean().optional(),
      })
      .nullish(),
    message_reference: z
      .looseObject({ message_id: z.string().optional(), fail_if_not_exists: z.boolean().optional() })
      .nullish(),
    components: z.array(componentSchema).nullish(),
    sticker_ids: z.array(z.string()).max(3).optional(),
    attachments: z.array(attachmentRefSchema).max(10).nullish(),
    flags: z.number().int().min(0).nullish(),
    poll: z.looseObject({}).nullish(),
  })
  .superRefine((body, ctx) => {
    const total = (body.embeds ?? []).reduce((sum, e) => sum + embedLength(e), 0);
    if (total > 6000)
      ctx.addIssue({ code: 'custom', path: ['embeds'], message: 'Embed size exceeds maximum size of 6000' });
    if (body.components) checkComponents(body.components, body.flags ?? 0, ctx, ['components']);
  });

export type MessageBody = z.output<typeof messageBodySchema>;

const choiceSchema = z.looseObject({
  name: z.string().min(1).max(100),
  value: z.union([z.string().max(100), z.number()]),
});

/** Interaction callback types. */
export const CallbackType = {
  CHANNEL_MESSAGE: 4,
  DEFERRED_CHANNEL_MESSAGE: 5,
  DEFERRED_UPDATE_MESSAGE: 6,
  UPDATE_MESSAGE: 7,
  AUTOCOMPLETE_RESULT: 8,
  MODAL: 9,
} as const;

export const modalSchema = z.looseObject({
  custom_id: z.string().min(1).max(100),
  title: z.string().min(1).max(45),
  components: z.array(componentSchema).min(1).max(5),
});

/** `POST /interactions/:id/:token/callback`; `data` is checked per type by `parseCallbackData`. */
export const callbackSchema = z.looseObject({
  type: z.number().int(),
  data: z.looseObject({}).nullish(),
});

export const autocompleteDataSchema = z.looseObject({ choices: z.array(choiceSchema).max(25) });
export const deferDataSchema = z.looseObject({ flags: z.number().int().min(0).nullish() });

/** True when the body would make a message with nothing in it (Discord's 50006). */
export function isEmptyMessage(body: MessageBody, fileCount: number): boolean {
  return (
    !body.content &&
    (body.embeds?.length ?? 0) === 0 &&
    (body.components?.length ?? 0) === 0 &&
    (body.sticker_ids?.length ?? 0) === 0 &&
    (body.attachments?.length ?? 0) === 0 &&
    !body.poll &&
    fileCount === 0
  );
}
