/** What the bot says, in the languages it speaks: typed catalogs and a translator. */
export { type Catalog, en, type MessageKey } from './en.ts';
export {
  discordLocales,
  type Language,
  languageOf,
  languages,
  type Params,
  type ParamsOf,
  type PlaceholderNames,
  pickLanguage,
  type Translate,
  translator,
} from './translate.ts';
