/**
 * The sandbox contract's plain values, apart from its zod schemas (contract.ts) so that the
 * dashboard can import them without shipping zod (web/src/app/server-imports.test.ts).
 */

/** The client languages the sandbox offers: one for each language the bot speaks (Discord's codes). */
export const SANDBOX_LOCALES = ['en-US', 'de', 'fr', 'es-ES'] as const;

/**
 * Why the sandbox's Discord refused something (`details.refusal` of a 400 SANDBOX_REFUSED), for
 * the page to word in the user's language; `details.option` names the option concerned.
 */
export const refusalKinds = [
  'unknownCommand',
  'needsSubcommand',
  'unknownOption',
  'missingOption',
  'badValue',
  'notAllowed',
  'notHere',
  'notMember',
  'componentGone',
  'voiceRefused',
  'other',
] as const;
export type RefusalKind = (typeof refusalKinds)[number];
