import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runGramophone } from '../support/gramophone-process.ts';

describe('gramophone emulator --json', () => {
  it('prints one line another program can drive it with, and answers as Discord', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gramophone-emu-'));
    const emulator = runGramophone(['emulator', '--json', '--port', '0'], { DATA_DIR: dataDir });
    try {
      const description = await emulator.waitForLog((line) => typeof line.apiUrl === 'string', 30_000);
      for (const key of [
        'apiUrl',
        'gatewayUrl',
        'token',
        'applicationId',
        'oauthUrl',
        'controlUrl',
        'caCertPath',
      ]) {
        expect(description[key], key).toEqual(expect.any(String));
      }
      for (const key of ['guildId', 'textChannelId', 'voiceChannelId', 'ownerId']) {
        expect(description[key], key).toMatch(/^\d{17,20}$/);
      }
      const gateway = await fetch(`${description.apiUrl}/v10/gateway/bot`, {
        headers: { Authorization: `Bot ${description.token}` },
      });
      expect(gateway.status).toBe(200);
      expect(((await gateway.json()) as { url: string }).url).toBe(description.gatewayUrl);
      const guild = await fetch(`${description.apiUrl}/v10/guilds/${description.guildId}`, {
        headers: { Authorization: 'Bot wrong-token' },
      });
      expect(guild.status).toBe(401);
      emulator.kill('SIGTERM');
      expect((await emulator.exited).code).toBe(0);
    } finally {
      if (emulator.child.exitCode === null) emulator.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses a port that is not a number', async () => {
    const emulator = runGramophone(['emulator', '--port', 'abc']);
    expect((await emulator.exited).code).not.toBe(0);
    expect(emulator.stderr()).toContain('must be a port number');
  });
});
