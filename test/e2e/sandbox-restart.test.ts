/**
 * The sandbox restarted mid-track (`gramophone start` without DISCORD_TOKEN, stopped and started
 * again on the same DATA_DIR): the emulator comes back from its stored world with the same guild
 * and logins, the restored player plays on in the same guild, and the panel's session still works,
 * its Discord token included (the server list asks the new emulator with it).
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ffmpegPath } from '../../src/media/index.ts';
import { eventually } from '../support/eventually.ts';
import { type GramophoneProcess, portsOf, runGramophone } from '../support/gramophone-process.ts';
import { READY_TIMEOUT_MS } from './support/music-world.ts';
import { logIn } from './support/panel-login.ts';

const run = promisify(execFile);

interface Demo {
  guildId: string;
  ownerId: string;
  memberIds: string[];
  voiceChannelId: string;
  musicTextChannelId: string;
  applicationId: string;
}

interface Reception {
  connected: boolean;
  packetsDecrypted: number;
  lastPacketAt: number | null;
  stats: { ssrc: number } | null;
}

let work: string;
const processes: GramophoneProcess[] = [];

beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'gramophone-sandbox-restart-'));
});

afterEach(async (context) => {
  if (context.task.result?.state === 'fail') {
    for (const child of processes) console.error(child.stdout().slice(-6000), child.stderr().slice(-2000));
  }
  for (const child of processes.splice(0)) {
    if (child.child.exitCode === null && child.child.signalCode === null) child.kill('SIGKILL');
    await child.exited;
    await outlived(child);
  }
  await rm(work, { recursive: true, force: true });
});

/** Whether a process id still names a live process. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Waits until the relaunched child (which follows its parent down) is gone too. */
async function outlived(child: GramophoneProcess): Promise<void> {
  for (const pid of new Set(child.logs().map((line) => Number(line.pid)))) {
    if (!Number.isInteger(pid) || pid <= 0) continue;
    await eventually(() => expect(alive(pid)).toBe(false), 15_000).catch(() => process.kill(pid, 'SIGKILL'));
  }
}

async function startSandbox(
  env: Record<string, string>,
): Promise<{ child: GramophoneProcess; port: number; sandboxPort: number; controlUrl: string }> {
  const child = runGramophone(['start'], { LOG_LEVEL: 'info', MUSIC_ADD_RATE: 'off', ...env });
  processes.push(child);
  // The sandbox's instructions follow the ready line.
  await child.waitForLog((line) => String(line.msg).includes('/slashCommand'), READY_TIMEOUT_MS);
  const ready = child.logs().find((line) => String(line.msg).startsWith('Gramophone ready')) ?? {};
  const ports = portsOf(ready);
  const controlLine = child.logs().find((l) => typeof l.controlUrl === 'string' && l.voiceChannelId);
  return {
    child,
    port: Number(ports.PORT),
    sandboxPort: Number(ports.SANDBOX_PORT),
    controlUrl: String(controlLine?.controlUrl),
  };
}

function control<T>(controlUrl: string, operation: string, body: unknown): Promise<T> {
  return fetch(`${controlUrl}/${operation}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  }).then(async (response) => {
    if (!response.ok) throw new Error(`${operation}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  });
}

async function reception(controlUrl: string, guildId: string): Promise<Reception> {
  return (await (await fetch(`${controlUrl}/voice/${guildId}`)).json()) as Reception;
}

describe('a restarted sandbox', () => {
  it(
    'plays on in the same guild, with the panel still logged in',
    async () => {
      const musicDir = join(work, 'music');
      await mkdir(musicDir);
      const track = join(musicDir, 'long-440.ogg');
      // Long enough to still be playing after a restart on a busy machine.
      await run(ffmpegPath(), [
        ...['-hide_banner', '-loglevel', 'error', '-nostdin', '-y'],
        ...['-f', 'lavfi', '-i', 'sine=frequency=440:duration=600'],
        ...['-ac', '2', '-ar', '48000', '-c:a', 'libopus', '-b:a', '32k', track],
      ]);
      const env = { DATA_DIR: join(work, 'data'), AUDIO_PORT: '0', AUDIO_LOCAL_DIRS: musicDir };

      const first = await startSandbox({ ...env, PORT: '0', SANDBOX_PORT: '0' });
      const demo = (await (await fetch(`${first.controlUrl}/describe`)).json()) as Demo;
      const base = `http://localhost:${first.port}`;
      const browser = await logIn(base, demo.ownerId);
      const alice = demo.memberIds[0] as string;
      await control(first.controlUrl, 'joinVoice', { channelId: demo.voiceChannelId, userId: alice });
      const played = await control<{ content: string }>(first.controlUrl, 'slashCommand', {
        channelId: demo.musicTextChannelId,
        userId: alice,
        command: 'play',
        options: { query: track },
        answerTimeoutMs: 15_000,
      });
      expect(played.content).toContain('long-440');
      await eventually(
        async () =>
          expect((await reception(first.controlUrl, demo.guildId)).packetsDecrypted).toBeGreaterThan(100),
        30_000,
      );

      first.child.kill('SIGTERM');
      expect((await first.child.exited).code).toBe(0);
      await outlived(first.child);

      // The same ports, as `npm start` twice would have them.
      const second = await startSandbox({
        ...env,
        PORT: String(first.port),
        SANDBOX_PORT: String(first.sandboxPort),
      });
      const again = (await (await fetch(`${second.controlUrl}/describe`)).json()) as Demo;
      expect(again).toMatchObject({
        guildId: demo.guildId,
        ownerId: demo.ownerId,
        applicationId: demo.applicationId,
        voiceChannelId: demo.voiceChannelId,
      });
      // A fresh voice server: anything it hears from this guild is the restored player.
      await eventually(async () => {
        const heard = await reception(second.controlUrl, demo.guildId);
        expect(heard.connected).toBe(true);
        expect(heard.packetsDecrypted).toBeGreaterThan(50);
      }, 60_000);
      const voiceStates = await control<{ user_id: string; channel_id: string }[]>(
        second.controlUrl,
        'voiceStates',
        { guildId: demo.guildId },
      );
      expect(voiceStates).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ user_id: alice, channel_id: demo.voiceChannelId }),
          expect.objectContaining({ user_id: demo.applicationId, channel_id: demo.voiceChannelId }),
        ]),
      );

      // The panel: the same cookie is still a session, and its Discord token still lists the servers.
      const me = await fetch(`${base}/api/auth/me`, { headers: { cookie: browser.cookie } });
      expect(me.status).toBe(200);
      expect(((await me.json()) as { user: { id: string } }).user.id).toBe(demo.ownerId);
      const guilds = await fetch(`${base}/api/guilds`, { headers: { cookie: browser.cookie } });
      expect(guilds.status).toBe(200);
      expect(JSON.stringify(await guilds.json())).toContain(demo.guildId);
    },
    2 * READY_TIMEOUT_MS + 120_000,
  );
});
