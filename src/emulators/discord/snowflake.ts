/** Discord's epoch (2015-01-01T00:00:00.000Z) in milliseconds. */
export const DISCORD_EPOCH = 1_420_070_400_000n;

/**
 * Makes Discord-style snowflakes: `(ms since Discord epoch) << 22 | worker << 17 | process << 12 | increment`.
 *
 * Ids are strictly increasing (pagination by id relies on it). `nextSpread()` additionally gives each id
 * its own millisecond, because the gateway places a guild on shard `(id >> 22) % shardCount`: guilds
 * created in a tight loop would otherwise share one timestamp and all land on the same shard.
 */
export class SnowflakeGenerator {
  private lastMs = 0n;
  private increment = 0n;

  constructor(
    private readonly workerId = 1n,
    private readonly processId = 0n,
    private readonly now: () => number = Date.now,
  ) {}

  /** A new id; several ids may share a millisecond (told apart by the increment). */
  next(): string {
    const ms = BigInt(this.now()) - DISCORD_EPOCH;
    if (ms > this.lastMs) {
      this.lastMs = ms;
      this.increment = 0n;
    } else {
      this.increment += 1n;
      if (this.increment > 0xfffn) {
        // 4096 ids in one millisecond: borrow the next millisecond rather than repeat an id.
        this.lastMs += 1n;
        this.increment = 0n;
      }
    }
    return this.compose();
  }

  /** A new id whose timestamp differs from every id made before it (for guilds: spreads them across shards). */
  nextSpread(): string {
    const ms = BigInt(this.now()) - DISCORD_EPOCH;
    this.lastMs = ms > this.lastMs ? ms : this.lastMs + 1n;
    this.increment = 0n;
    return this.compose();
  }

  /** The last id made (or "0" before the first). */
  latest(): string {
    return this.lastMs === 0n ? '0' : this.compose();
  }

  /** Makes every later id larger than `id` (one made by an earlier run: a restored world). */
  advancePast(id: string): void {
    const ms = BigInt(id) >> 22n;
    if (ms >= this.lastMs) {
      this.lastMs = ms;
      this.increment = 0xfffn;
    }
  }

  private compose(): string {
    return (
      (this.lastMs << 22n) |
      (this.workerId << 17n) |
      (this.processId << 12n) |
      this.increment
    ).toString();
  }
}

/** The millisecond timestamp encoded in a snowflake. */
export function snowflakeTimestamp(id: string): number {
  return Number((BigInt(id) >> 22n) + DISCORD_EPOCH);
}

/** The shard that receives a guild's events: `(guild_id >> 22) % shard_count`. */
export function shardOf(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

/** Compares two snowflakes numerically (usable with Array#sort). */
export function compareSnowflakes(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
