/** Languages the bot and the dashboard speak. A plain list, without zod: the dashboard imports it. */
export const supportedLanguages = ['en', 'de', 'fr', 'es'] as const;
export type SupportedLanguage = (typeof supportedLanguages)[number];
