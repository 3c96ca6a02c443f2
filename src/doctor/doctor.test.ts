import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/index.ts';
import { silentLogger } from '../logging/index.ts';
import { runDoctor } from './index.ts';

async function doctorOutput(env: Record<string, string>, detail: string, hint: string): Promise<string> {
  const out = new PassThrough();
  const chunks: string[] = [];
  out.on('data', (chunk) => chunks.push(String(chunk)));
  const checks = [{ name: 'database', run: async () => ({ ok: false, detail, hint }) }];
  expect(await runDoctor(parseConfig(env), { logger: silentLogger(), out, checks })).toBe(1);
  return chunks.join('');
}

describe('gramophone doctor', () => {
  it('masks the configuration’s secrets in every line, whatever a driver’s message quotes', async () => {
    const text = await doctorOutput(
      {
        DATABASE_URL: 'postgres://gramophone:db-hunter2@db.internal:5432/gramophone',
        REDIS_URL: 'redis://:redis-hunter2@redis.internal:6379',
        DISCORD_CLIENT_SECRET: 'client-secret-hunter2',
        LAVALINK_NODES: 'http://eu1:lava-hunter2@10.0.0.5:2333',
        SECRET_KEY: 'ab'.repeat(32),
      },
      'cannot connect to postgres://gramophone:db-hunter2@db.internal:5432/gramophone (lava-hunter2, client-secret-hunter2)',
      `try redis://:redis-hunter2@redis.internal:6379 with key ${'ab'.repeat(32)}`,
    );
    expect(text).toContain('FAIL  database');
    expect(text).toContain('postgres://gramophone:***@db.internal:5432/gramophone');
    expect(text).not.toMatch(/hunter2/);
    expect(text).not.toContain('ab'.repeat(32));
  });
});
