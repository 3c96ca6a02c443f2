import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort, runGramophone } from '../support/gramophone-process.ts';

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

  it('listens for voice where --voice-port and --voice-udp-port say, and keeps stdout to the one line', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gramophone-emu-'));
    const [voicePort, voiceUdpPort] = [await freePort(), await freePort()];
    const emulator = runGramophone(
      ['emulator', '--json', '--voice-port', String(voicePort), '--voice-udp-port', String(voiceUdpPort)],
      { DATA_DIR: dataDir, LOG_LEVEL: 'debug' },
    );
    try {
      const description = await emulator.waitForLog((line) => typeof line.apiUrl === 'string', 30_000);
      expect(description.voiceEndpoint).toBe(`127.0.0.1:${voicePort}`);
      expect(description.voiceUdpPort).toBe(voiceUdpPort);
      emulator.kill('SIGTERM');
      expect((await emulator.exited).code).toBe(0);
      // Logs (debug level: there are plenty) all went to stderr.
      expect(emulator.stdout().trim().split('\n')).toHaveLength(1);
      expect(emulator.stderr()).toContain('discord emulator listening');
    } finally {
      if (emulator.child.exitCode === null) emulator.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('names the port and its option in one line when a port is taken', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gramophone-emu-'));
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      for (const option of ['--port', '--voice-port']) {
        const emulator = runGramophone(['emulator', '--json', option, String(port)], { DATA_DIR: dataDir });
        const { code } = await emulator.exited;
        expect(code, option).not.toBe(0);
        const lines = emulator.stderr().trim().split('\n');
        const last = lines.at(-1) ?? '';
        expect(last).toContain(`port ${port}`);
        expect(last).toContain(`(${option})`);
        expect(emulator.stderr()).not.toMatch(/\n\s+at /);
        expect(emulator.stdout()).toBe('');
      }
    } finally {
      taken.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses a port that is not a number', async () => {
    const emulator = runGramophone(['emulator', '--port', 'abc']);
    expect((await emulator.exited).code).not.toBe(0);
    expect(emulator.stderr()).toContain('must be a port number');
  });
});
