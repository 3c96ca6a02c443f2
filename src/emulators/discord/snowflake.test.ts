import { describe, expect, it } from 'vitest';
import { compareSnowflakes, SnowflakeGenerator, shardOf, snowflakeTimestamp } from './snowflake.ts';

describe('SnowflakeGenerator', () => {
  it('encodes the current time and increases strictly within one millisecond', () => {
    const generator = new SnowflakeGenerator(1n, 0n, () => 1_700_000_000_000);
    const ids = Array.from({ length: 5 }, () => generator.next());
    expect(snowflakeTimestamp(ids[0]!)).toBe(1_700_000_000_000);
    const sorted = [...ids].sort(compareSnowflakes);
    expect(sorted).toEqual(ids);
    expect(new Set(ids).size).toBe(5);
  });

  it('gives spread ids distinct timestamps so guilds land on different shards', () => {
    const generator = new SnowflakeGenerator(1n, 0n, () => 1_700_000_000_000);
    const guildIds = Array.from({ length: 8 }, () => generator.nextSpread());
    const shards = new Set(guildIds.map((id) => shardOf(id, 4)));
    expect(shards).toEqual(new Set([0, 1, 2, 3]));
    // A plain id made afterwards still sorts after every spread id.
    expect(compareSnowflakes(generator.next(), guildIds.at(-1)!)).toBe(1);
  });

  it('computes the shard of a guild like Discord does', () => {
    // 175928847299117063 is Discord's documented example snowflake (timestamp 1462015105796).
    expect(snowflakeTimestamp('175928847299117063')).toBe(1_462_015_105_796);
    expect(shardOf('175928847299117063', 1)).toBe(0);
    expect(shardOf('175928847299117063', 2)).toBe(Number((175928847299117063n >> 22n) % 2n));
  });
});
