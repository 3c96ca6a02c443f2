import type { MessageKey, Params } from '../i18n/index.ts';

/** A refusal outside the music rules (bad time format, expired menu…), rendered localised. */
export class UserFacingError extends Error {
  constructor(
    readonly key: MessageKey,
    readonly params: Params = {},
  ) {
    super(key);
    this.name = 'UserFacingError';
  }
}
