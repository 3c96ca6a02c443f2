/**
 * With DISCORD_MEMBER_EVENTS on, the gateway records member joins and leaves, and command use,
 * and the panel's analytics show them: the real process against the emulator, read over HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MusicWorld, SETUP_TIMEOUT_MS, startMusicWorld, until } from './support/music-world.ts';
import { logIn } from './support/panel-login.ts';

let world: MusicWorld;
let base: string;

beforeAll(async () => {
  world = await startMusicWorld();
  const { emulator } = world;
  // The Server Members intent is privileged: the application must have it switched on.
  emulator.control.updateApplication({ flags: 1 << 14 });
  ({ base } = await world.startAll({ DISCORD_MEMBER_EVENTS: 'true' }));
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
  await world?.close();
});

interface Summary {
  members: { current: number | null; joins: number; leaves: number };
  commands: { command: string; uses: number }[];
}

describe('member and command analytics', () => {
  it('counts joins, leaves and commands from Discord', async () => {
    const { control } = world.emulator;
    const dave = control.createUser({ username: 'dave' }) as { id: string };
    const erin = control.createUser({ username: 'erin' }) as { id: string };
    control.addMember({ guildId: world.ids.guildId, userId: dave.id });
    control.addMember({ guildId: world.ids.guildId, userId: erin.id });
    control.removeMember({ guildId: world.ids.guildId, userId: dave.id });
    await world.slash(world.ids.alice, 'queue');

    const owner = await logIn(base, world.ids.ownerId);
    await until(async () => {
      const response = await fetch(`${base}/api/guilds/${world.ids.guildId}/analytics?range=1d`, {
        headers: { cookie: owner.cookie },
      });
      expect(response.status).toBe(200);
      const summary = (await response.json()) as Summary;
      expect(summary.members).toMatchObject({ joins: 2, leaves: 1 });
      expect(summary.commands).toContainEqual({ command: 'queue', uses: 1 });
    });
  }, 60_000);
});
