import type { RefusalDetails } from '../../../src/api/sandbox/contract.ts';
import { refusalKinds } from '../../../src/api/sandbox/sandbox-values.ts';
import { ApiError } from '../api/index.ts';
import type { Translate } from '../i18n/index.ts';
import type { sandboxMessages } from './messages.ts';

type Key = keyof (typeof sandboxMessages)['en'];

const kinds: Record<RefusalDetails['refusal'], Key> = {
  unknownCommand: 'refusedUnknownCommand',
  needsSubcommand: 'refusedNeedsSubcommand',
  unknownOption: 'refusedUnknownOption',
  missingOption: 'errMissingOption',
  badValue: 'refusedBadValue',
  notAllowed: 'refusedNotAllowed',
  notHere: 'refusedNotHere',
  notMember: 'refusedNotMember',
  componentGone: 'refusedComponentGone',
  voiceRefused: 'refusedVoice',
  other: 'refusedOther',
};

function refusalOf(details: unknown): RefusalDetails | null {
  if (typeof details !== 'object' || details === null) return null;
  const { refusal, option } = details as { refusal?: unknown; option?: unknown };
  if (!refusalKinds.includes(refusal as RefusalDetails['refusal'])) return null;
  return { refusal: refusal as RefusalDetails['refusal'], ...(typeof option === 'string' ? { option } : {}) };
}

/**
 * Why something a demo user did failed, in the page's language: the kind the API names
 * (`details.refusal` of SANDBOX_REFUSED), never the emulator's own sentence or a field path.
 */
export function failureText(error: unknown, t: Translate<Key>, botName: string): string {
  if (!(error instanceof ApiError)) return t('refusedOther');
  switch (error.code) {
    case 'SANDBOX_REFUSED': {
      const refusal = refusalOf(error.details);
      return t(kinds[refusal?.refusal ?? 'other'], { option: refusal?.option ?? '' });
    }
    case 'BOT_DID_NOT_ANSWER':
      return t('refusedNoAnswer', { bot: botName });
    case 'NETWORK':
    case 'SANDBOX_UNAVAILABLE':
      return t('refusedOffline');
    case 'VALIDATION_FAILED': {
      // The page sends what it chose itself: a bad user or channel means the world changed under it.
      const path = error.fieldIssues[0]?.path ?? '';
      return path.startsWith('userId') ? t('refusedNotMember') : t('refusedOther');
    }
    default:
      return error.status >= 500 ? t('refusedOffline') : t('refusedOther');
  }
}
