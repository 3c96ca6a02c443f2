import type { ActorContext } from '../../settings/index.ts';
import type { QueueOperation, QueueSnapshot } from '../contract.ts';
import type { MusicOperationReply } from './live-music-service.ts';

/** One panel action as the audit log keeps it: `music.skip`, `playlist.rename`… */
export interface AuditAction {
  action: string;
  target?: string | null;
  changes?: Record<string, unknown>;
}

/** Where panel actions are recorded (the settings capability's audit log, `GuildSettingsRepository`). */
export interface AuditTrail {
  recordAction(guildId: string, entry: AuditAction, actor: ActorContext): Promise<void>;
}

/** Who acted on the panel, and the request that did it (its log lines share the id). */
export interface PanelActor {
  userId: string;
  requestId?: string | undefined;
  callerRequestId?: string | undefined;
}

/** The audit context of a panel actor. */
export function actorContextOf(actor: PanelActor): ActorContext {
  return { actorId: actor.userId, requestId: actor.requestId, callerRequestId: actor.callerRequestId };
}

const titlesOf = (outcome: Record<string, unknown>): string[] | undefined =>
  Array.isArray(outcome.titles)
    ? outcome.titles.filter((t): t is string => typeof t === 'string')
    : undefined;

/**
 * What the audit log says of a queue operation the panel carried out: its arguments, what it
 * touched (the titles added, removed or skipped) and, for a summon, the channel.
 */
export function auditOfOperation(
  operation: QueueOperation,
  reply: MusicOperationReply,
  voiceChannelId: string | undefined,
  /** The queue before a skip or stop, to name the track it ended. */
  before: QueueSnapshot | null = null,
): AuditAction {
  const { type, ...argumentsOfOperation } = operation;
  const changes: Record<string, unknown> = { ...argumentsOfOperation };
  const titles = titlesOf(reply.outcome);
  if (titles) changes.titles = titles.slice(0, 10);
  if (type === 'skip' || type === 'stop') {
    const skipped = before?.current?.info.title;
    if (skipped) changes.title = skipped;
  }
  if (voiceChannelId) changes.voiceChannelId = voiceChannelId;
  const target = voiceChannelId ?? (type === 'join' ? reply.snapshot.voiceChannelId : null);
  return { action: `music.${type}`, target, changes };
}
