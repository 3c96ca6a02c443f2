import type {
  SandboxCommand,
  SandboxCommandOption,
  SandboxComponent,
  SandboxEmbed,
  SandboxMessage,
  SandboxOptionType,
} from './contract.ts';

/**
 * Turns Discord's wire objects (as the emulator's control API returns them) into the sandbox
 * page's shapes. Discord objects are loose JSON here: anything missing or of the wrong type
 * becomes null or is left out, so a bot sending something unexpected can't break the page.
 */

type Json = Record<string, unknown>;

const EPHEMERAL_FLAG = 64;
const BUTTON_STYLES = ['primary', 'secondary', 'success', 'danger', 'link', 'premium'] as const;
const OPTION_TYPES: Record<number, SandboxOptionType> = {
  3: 'string',
  4: 'integer',
  5: 'boolean',
  6: 'user',
  7: 'channel',
  8: 'role',
  9: 'mentionable',
  10: 'number',
  11: 'attachment',
};
const SUB_COMMAND = 1;
const SUB_COMMAND_GROUP = 2;

const object = (value: unknown): Json | null =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : null;
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const int = (value: unknown): number | null =>
  typeof value === 'number' && Number.isInteger(value) ? value : null;

/** A Discord user's display name: the global name, else the username. */
export function displayName(user: Json | null): string {
  return text(user?.global_name) ?? text(user?.username) ?? 'Unknown user';
}

export function person(user: unknown): SandboxMessage['author'] {
  const u = object(user);
  return { id: text(u?.id) ?? '0', name: displayName(u), bot: u?.bot === true };
}

function emojiText(emoji: unknown): string | null {
  const e = object(emoji);
  return text(e?.name);
}

export function toEmbed(raw: unknown): SandboxEmbed {
  const e = object(raw) ?? {};
  const author = object(e.author);
  const footer = object(e.footer);
  return {
    title: text(e.title),
    url: text(e.url),
    description: text(e.description),
    color: int(e.color),
    author:
      author && text(author.name) !== null
        ? { name: text(author.name) ?? '', url: text(author.url), iconUrl: text(author.icon_url) }
        : null,
    fields: list(e.fields)
      .map(object)
      .filter((f): f is Json => f !== null)
      .map((f) => ({ name: text(f.name) ?? '', value: text(f.value) ?? '', inline: f.inline === true })),
    footer:
      footer && text(footer.text) !== null
        ? { text: text(footer.text) ?? '', iconUrl: text(footer.icon_url) }
        : null,
    thumbnailUrl: text(object(e.thumbnail)?.url),
    imageUrl: text(object(e.image)?.url),
    timestamp: text(e.timestamp),
  };
}

function toComponent(raw: unknown): SandboxComponent | null {
  const c = object(raw);
  if (!c) return null;
  if (c.type === 2) {
    const style = BUTTON_STYLES[(int(c.style) ?? 2) - 1] ?? 'secondary';
    return {
      kind: 'button',
      customId: text(c.custom_id),
      label: text(c.label),
      emoji: emojiText(c.emoji),
      style,
      url: text(c.url),
      disabled: c.disabled === true,
    };
  }
  if (c.type === 3 && text(c.custom_id) !== null) {
    return {
      kind: 'select',
      customId: text(c.custom_id) ?? '',
      placeholder: text(c.placeholder),
      minValues: int(c.min_values) ?? 1,
      maxValues: int(c.max_values) ?? 1,
      disabled: c.disabled === true,
      options: list(c.options)
        .map(object)
        .filter((o): o is Json => o !== null)
        .map((o) => ({
          label: text(o.label) ?? '',
          value: text(o.value) ?? '',
          description: text(o.description),
          emoji: emojiText(o.emoji),
          default: o.default === true,
        })),
    };
  }
  // Other selects (users, roles, channels) and newer layout components aren't shown.
  return null;
}

/** A message as the sandbox page shows it; `typed` is what the user typed for the command it answers. */
export function toSandboxMessage(
  raw: unknown,
  typed: (interactionId: string) => string | null,
): SandboxMessage {
  const m = object(raw) ?? {};
  const metadata = object(m.interaction_metadata) ?? object(m.interaction);
  const interactionId = text(metadata?.id);
  return {
    id: text(m.id) ?? '0',
    channelId: text(m.channel_id) ?? '0',
    author: person(m.author),
    content: text(m.content) ?? '',
    timestamp: text(m.timestamp) ?? new Date(0).toISOString(),
    editedTimestamp: text(m.edited_timestamp),
    ephemeral: ((int(m.flags) ?? 0) & EPHEMERAL_FLAG) !== 0,
    embeds: list(m.embeds).map(toEmbed),
    components: list(m.components)
      .map(object)
      .filter((row): row is Json => row?.type === 1)
      .map((row) => ({
        components: list(row.components)
          .map(toComponent)
          .filter((c): c is SandboxComponent => c !== null),
      }))
      .filter((row) => row.components.length > 0),
    attachments: list(m.attachments)
      .map(object)
      .filter((a): a is Json => a !== null)
      .map((a) => ({ filename: text(a.filename) ?? 'file', url: text(a.url) ?? '' })),
    command:
      metadata && interactionId
        ? {
            name: text(metadata.name) ?? '',
            user: person(metadata.user),
            text: typed(interactionId),
          }
        : null,
  };
}

/** `name_localizations` / `description_localizations` as Discord sends them (null when none). */
function localizations(raw: unknown): Record<string, string> {
  const o = object(raw);
  if (!o) return {};
  return Object.fromEntries(Object.entries(o).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

function localizedOf(raw: Json) {
  return {
    nameLocalizations: localizations(raw.name_localizations),
    descriptionLocalizations: localizations(raw.description_localizations),
  };
}

function toOption(raw: Json): SandboxCommandOption | null {
  const type = OPTION_TYPES[int(raw.type) ?? 0];
  if (!type) return null;
  return {
    name: text(raw.name) ?? '',
    description: text(raw.description) ?? '',
    ...localizedOf(raw),
    type,
    required: raw.required === true,
    autocomplete: raw.autocomplete === true,
    choices: list(raw.choices)
      .map(object)
      .filter((c): c is Json => c !== null)
      .map((c) => ({
        name: text(c.name) ?? '',
        nameLocalizations: localizations(c.name_localizations),
        value: typeof c.value === 'number' ? c.value : String(c.value ?? ''),
      })),
  };
}

function optionsOf(raw: Json): SandboxCommandOption[] {
  return list(raw.options)
    .map(object)
    .filter((o): o is Json => o !== null)
    .map(toOption)
    .filter((o): o is SandboxCommandOption => o !== null);
}

/** A registered application command (chat input only) with its options and subcommands. */
export function toSandboxCommand(raw: unknown): SandboxCommand | null {
  const c = object(raw);
  if (!c || (int(c.type) ?? 1) !== 1 || text(c.name) === null) return null;
  const subcommands: SandboxCommand['subcommands'] = [];
  for (const option of list(c.options).map(object)) {
    if (!option) continue;
    if (option.type === SUB_COMMAND) {
      subcommands.push({
        name: text(option.name) ?? '',
        description: text(option.description) ?? '',
        ...localizedOf(option),
        group: null,
        groupLocalizations: {},
        options: optionsOf(option),
      });
    } else if (option.type === SUB_COMMAND_GROUP) {
      for (const sub of list(option.options).map(object)) {
        if (sub?.type !== SUB_COMMAND) continue;
        subcommands.push({
          name: text(sub.name) ?? '',
          description: text(sub.description) ?? '',
          ...localizedOf(sub),
          group: text(option.name),
          groupLocalizations: localizations(option.name_localizations),
          options: optionsOf(sub),
        });
      }
    }
  }
  return {
    name: text(c.name) ?? '',
    description: text(c.description) ?? '',
    ...localizedOf(c),
    options: subcommands.length > 0 ? [] : optionsOf(c),
    subcommands,
  };
}
