/**
 * The gateway's side of the music bus contract, for API tests: answers `music.snapshot` and
 * `music.operation` at the gateway address on a real in-memory bus and publishes `music.queue`
 * after each change, as src/music/gateway/music-bus.ts does, with a small queue instead of a player.
 */
import { type Bus, BusCommandError, type Unsubscribe } from '../../src/bus/index.ts';
import { GATEWAY_ADDRESS, GUILD_NOT_HERE } from '../../src/gateway/index.ts';
import {
  MUSIC_OPERATION_COMMAND,
  MUSIC_QUEUE_TOPIC,
  MUSIC_SNAPSHOT_COMMAND,
  type MusicOperationRequest,
  type MusicQueueEvent,
  musicOperationRequestSchema,
  musicSnapshotRequestSchema,
  type QueueSnapshot,
} from '../../src/music/index.ts';
import { aQueuedTrack, aQueueSnapshot } from '../support/music-snapshots.ts';

export interface FakeMusicGateway {
  /** Every operation request received, as sent. */
  requests: MusicOperationRequest[];
  queue(guildId: string): QueueSnapshot;
  /** The next operation is refused with this code, as the gateway refuses with a MusicError's. */
  refuseNext(code: string, params?: Record<string, string | number>): void;
  stop(): Promise<void>;
}

export async function startFakeMusicGateway(
  bus: Bus,
  guilds: Record<string, readonly string[]>,
): Promise<FakeMusicGateway> {
  const queues = new Map(Object.entries(guilds).map(([id, titles]) => [id, aQueueSnapshot(id, titles)]));
  const requests: MusicOperationRequest[] = [];
  let refusal: BusCommandError | null = null;
  const queueOf = (guildId: string) => {
    const queue = queues.get(guildId);
    if (!queue) throw new BusCommandError(GUILD_NOT_HERE, `Guild ${guildId} is not on this gateway`);
    return queue;
  };
  const off: Unsubscribe[] = await Promise.all([
    bus.handle(GATEWAY_ADDRESS, MUSIC_SNAPSHOT_COMMAND, async (payload) => {
      const parsed = musicSnapshotRequestSchema.safeParse(payload);
      if (!parsed.success) throw new BusCommandError('INVALID_REQUEST', parsed.error.message);
      return queueOf(parsed.data.guildId);
    }),
    bus.handle(GATEWAY_ADDRESS, MUSIC_OPERATION_COMMAND, async (payload) => {
      const parsed = musicOperationRequestSchema.safeParse(payload);
      if (!parsed.success) throw new BusCommandError('INVALID_REQUEST', parsed.error.message);
      requests.push(parsed.data);
      const { guildId, operation } = parsed.data;
      const queue = queueOf(guildId);
      if (refusal) {
        const error = refusal;
        refusal = null;
        throw error;
      }
      let outcome: Record<string, unknown> & { kind: string } = { kind: 'done' };
      switch (operation.type) {
        case 'add':
          queue.upcoming.push(aQueuedTrack(operation.query));
          outcome = { kind: 'added', titles: [operation.query], position: queue.upcoming.length };
          break;
        case 'skip':
          if (!queue.current) throw new BusCommandError('NOTHING_PLAYING', 'NOTHING_PLAYING');
          queue.history.unshift(queue.current);
          queue.current = queue.upcoming.shift() ?? null;
          break;
        case 'pause':
        case 'resume':
          queue.paused = operation.type === 'pause';
          break;
        case 'volume':
          queue.volume = operation.volume;
          break;
        default:
          break;
      }
      const event: MusicQueueEvent = { guildId, cause: operation.type, snapshot: queue };
      await bus.publish(MUSIC_QUEUE_TOPIC, event);
      return { snapshot: queue, outcome };
    }),
  ]);
  return {
    requests,
    queue: queueOf,
    refuseNext(code, params = {}) {
      refusal = new BusCommandError(code, `${code} ${JSON.stringify(params)}`, params);
    },
    async stop() {
      await Promise.all(off.map((unsubscribe) => unsubscribe()));
    },
  };
}
