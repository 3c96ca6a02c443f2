import type { RefusalDetails, RefusalKind } from './contract.ts';

const patterns: [RegExp, RefusalKind][] = [
  [/^select "|^component "|^the modal /, 'componentGone'],
  [/is not registered/, 'unknownCommand'],
  [/needs a subcommand/, 'needsSubcommand'],
  [/has no option "([^"]+)"/, 'unknownOption'],
  [/needs option "([^"]+)"/, 'missingOption'],
  [/^option "([^"]+)"/, 'badValue'],
  [/may not use \//, 'notAllowed'],
  [/can't be used in/, 'notHere'],
  [/is not a member of guild/, 'notMember'],
  [/^no message|is disabled|has no (component|option|field)|not sent by an application/, 'componentGone'],
  [/may not connect|is full|not a voice channel|lacks/, 'voiceRefused'],
];

/**
 * The kind of an emulator refusal, from its sentence: the page words the kind in the user's
 * language; the emulator's own sentence stays the error's `message`, for logs and API users.
 */
export function classifyRefusal(reason: string): RefusalDetails {
  for (const [pattern, refusal] of patterns) {
    const match = pattern.exec(reason);
    if (match) return match[1] ? { refusal, option: match[1] } : { refusal };
  }
  return { refusal: 'other' };
}
