import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually.ts';
import {
  type GramophoneProcess,
  type ListeningPorts,
  portsOf,
  runGramophone,
} from '../support/gramophone-process.ts';

/** Whether a process id still names a live process. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

// Timeouts allow for a busy machine; each run takes 5-10 s when it is quiet.
describe('gramophone start without DISCORD_TOKEN (sandbox)', () => {
  // One data folder for the (sequential) runs: the second skips the migrations and the CA creation.
  let dataDir = '';
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'gramophone-sandbox-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function startSandboxed(): Promise<{ gramophone: GramophoneProcess; ports: ListeningPorts }> {
    // Any free ports: the ready line names them.
    const env = { DATA_DIR: dataDir, PORT: '0', AUDIO_PORT: '0', SANDBOX_PORT: '0' };
    const gramophone = runGramophone(['start'], env);
    cleanups.push(async () => {
      if (gramophone.child.exitCode === null) gramophone.kill('SIGKILL');
      await gramophone.exited;
      // The relaunched child follows its parent down; make sure nothing outlives the test.
      for (const pid of new Set(gramophone.logs().map((line) => Number(line.pid)))) {
        await eventually(() => expect(alive(pid)).toBe(false), 10_000).catch(() =>
          process.kill(pid, 'SIGKILL'),
        );
      }
    });
    // The sandbox's instructions follow the ready line.
    await gramophone.waitForLog((line) => String(line.msg).includes('/slashCommand'), 60_000);
    const ready = gramophone.logs().find((line) => String(line.msg).startsWith('Gramophone ready'));
    return { gramophone, ports: portsOf(ready ?? {}) };
  }

  function controlUrlOf(gramophone: GramophoneProcess): string {
    const line = gramophone.logs().find((l) => typeof l.controlUrl === 'string' && l.voiceChannelId);
    expect(line, 'a log line naming the control API').toBeDefined();
    const controlUrl = String(line?.controlUrl);
    expect(String(line?.msg)).toContain(controlUrl);
    return controlUrl;
  }

  it('logs the bot in to a local Discord, says how to use it, and stops it all on SIGTERM', async () => {
    const { gramophone, ports } = await startSandboxed();
    const logs = gramophone.logs();
    expect(logs.some((l) => l.level === 40 && String(l.msg).includes('Set DISCORD_TOKEN'))).toBe(true);
    const controlUrl = controlUrlOf(gramophone);
    expect(logs.some((l) => String(l.msg).includes(`curl -s -X POST ${controlUrl}/joinVoice`))).toBe(true);
    expect(logs.some((l) => String(l.msg).includes(`${controlUrl}/slashCommand`))).toBe(true);

    // The roles run in a relaunched process that trusts the sandbox voice server's CA.
    const ready = logs.find((l) => String(l.msg).startsWith('Gramophone ready'));
    expect(ready?.pid).not.toBe(gramophone.child.pid);
    expect(logs.find((l) => l.voiceTlsTrusted !== undefined)?.voiceTlsTrusted).toBe(true);

    const emulator = (await (await fetch(`${controlUrl}/describe`)).json()) as Record<string, unknown>;
    expect(emulator.guildId).toMatch(/^\d+$/);
    const guild = (await (
      await fetch(`${controlUrl}/guild`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ guildId: emulator.guildId }),
      })
    ).json()) as { name: string };
    expect(guild.name).toBe('Gramophone Demo');

    const sessions = (await (
      await fetch(`${controlUrl}/sessions`, {
        method: 'POST',
        body: '{}',
        headers: { 'content-type': 'application/json' },
      })
    ).json()) as { applicationId: string; connected: boolean }[];
    expect(sessions).toEqual([
      expect.objectContaining({ applicationId: emulator.applicationId, connected: true }),
    ]);

    // The instructions work offline: alice joins, and /play finds the demo track.
    const control = (operation: string, body: unknown) =>
      fetch(`${controlUrl}/${operation}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).then((response) => response.json() as Promise<Record<string, unknown>>);
    const alice = String((emulator.memberIds as string[])[0]);
    await control('joinVoice', { channelId: emulator.voiceChannelId, userId: alice });
    const played = await control('slashCommand', {
      channelId: emulator.musicTextChannelId,
      userId: alice,
      command: 'play',
      options: { query: 'gramophone demo' },
    });
    expect(played.content).toMatch(/Now playing \*\*Gramophone Demo\*\*/);

    // Panel login goes to the emulator's authorize page with its application.
    const login = await fetch(`http://127.0.0.1:${ports.PORT}/api/auth/discord/login`, {
      redirect: 'manual',
    });
    const authorize = new URL(login.headers.get('location') ?? '');
    expect(`${authorize.origin}${authorize.pathname}`).toBe(String(emulator.oauthUrl));
    expect(authorize.searchParams.get('client_id')).toBe(emulator.applicationId);
    // PORT=0: the login comes back to the port the api got.
    expect(authorize.searchParams.get('redirect_uri')).toBe(
      `http://localhost:${ports.PORT}/api/auth/discord/callback`,
    );

    gramophone.kill('SIGTERM');
    expect((await gramophone.exited).code).toBe(0);
    await eventually(() => expect(gramophone.logs().some((l) => l.msg === 'stopped cleanly')).toBe(true));
    await expect(fetch(`${controlUrl}/describe`)).rejects.toThrow();
  }, 60_000);

  it('stops the relaunched process when its parent is killed outright', async () => {
    const { gramophone } = await startSandboxed();
    const controlUrl = controlUrlOf(gramophone);
    const childPid = Number(gramophone.logs().find((l) => String(l.msg).startsWith('Gramophone ready'))?.pid);
    gramophone.kill('SIGKILL');
    await gramophone.exited;
    await eventually(() => expect(alive(childPid)).toBe(false), 10_000);
    // Its last lines may still be in the pipe when it is gone.
    await eventually(() =>
      expect(gramophone.logs().some((l) => l.pid === childPid && l.msg === 'stopped cleanly')).toBe(true),
    );
    await expect(fetch(`${controlUrl}/describe`)).rejects.toThrow();
  }, 60_000);
});

describe('gramophone start without DISCORD_TOKEN on a non-loopback HOST', () => {
  it('refuses to start, naming HOST and the opt-in, before anything listens', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gramophone-sandbox-host-'));
    try {
      const gramophone = runGramophone(['start'], { DATA_DIR: dataDir, HOST: '0.0.0.0', PORT: '0' });
      const { code } = await gramophone.exited;
      expect(code).toBe(2);
      expect(gramophone.stderr().trim()).toMatch(
        /^gramophone: refusing to start: HOST=0\.0\.0\.0 .*SANDBOX_ALLOW_REMOTE=true/,
      );
      expect(gramophone.stderr().trim().split('\n')).toHaveLength(1);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
