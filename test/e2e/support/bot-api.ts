import type { GramophoneProcess } from '../../support/gramophone-process.ts';
import { BOT_API_KEY } from './music-world.ts';

/** The persisted queue as the bot API reads it from PostgreSQL. */
export interface PersistedQueue {
  current: { title: string } | null;
  upcoming: { title: string }[];
  positionMs: number;
  paused: boolean;
  loop: string;
  volume: number;
}

/** Reads a guild's persisted queue through `/api/bot/guilds/:id/queue` of a running process. */
export async function persistedQueue(
  process: GramophoneProcess,
  port: string,
  guildId: string,
): Promise<PersistedQueue> {
  const response = await fetch(`http://127.0.0.1:${port}/api/bot/guilds/${guildId}/queue`, {
    headers: { authorization: `Bearer ${BOT_API_KEY}` },
  });
  if (response.status !== 200) {
    throw new Error(
      `bot API answered ${response.status}: ${await response.text()}\n${process.stdout().slice(-2000)}`,
    );
  }
  return (await response.json()) as PersistedQueue;
}

export const titles = (queue: PersistedQueue) => queue.upcoming.map((track) => track.title);
