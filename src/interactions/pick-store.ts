import { randomBytes } from 'node:crypto';
import type { Track } from '../lavalink/index.ts';

interface Pick {
  userId: string;
  tracks: Track[];
  next: boolean;
  now: boolean;
  expiresAt: number;
}

/**
 * Search results offered in a pick list, until the user chooses (a select menu's value can't
 * carry an encoded track: it is limited to 100 characters). Kept in memory for a few minutes:
 * a restart only costs running the search again.
 */
export class PickStore {
  private readonly picks = new Map<string, Pick>();

  constructor(private readonly ttlMs = 5 * 60_000) {}

  offer(userId: string, tracks: Track[], options: { next: boolean; now: boolean }): string {
    this.sweep();
    const id = randomBytes(6).toString('hex');
    this.picks.set(id, { userId, tracks, ...options, expiresAt: Date.now() + this.ttlMs });
    return id;
  }

  take(id: string): Pick | null {
    this.sweep();
    const pick = this.picks.get(id);
    if (pick) this.picks.delete(id);
    return pick ?? null;
  }

  private sweep(): void {
    const now = Date.now();
    for (const [id, pick] of this.picks) if (pick.expiresAt < now) this.picks.delete(id);
  }
}
