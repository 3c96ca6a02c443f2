import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../logging/index.ts';
import { EmptyChannelWatcher } from './empty-channel-watcher.ts';

const GUILD = '300000000000000001';
const VOICE = '500000000000000001';
const OTHER_VOICE = '500000000000000002';
const ALICE = '400000000000000001';

/** A guild whose voice state and settings the test changes, and a watcher over it. */
function aGuild(options: { seconds?: number; stay?: boolean; pause?: boolean } = {}) {
  const world = {
    botChannel: VOICE as string | null,
    listeners: new Map<string, string[]>([[VOICE, [ALICE]]]),
    settings: {
      leaveWhenEmptySeconds: options.seconds ?? 30,
      stayConnected247: options.stay ?? false,
      pauseWhenEmpty: options.pause ?? false,
    },
    /** The player: a track playing, paused or not; null when idle. */
    player: { paused: false } as { paused: boolean } | null,
    left: [] as number[],
    calls: [] as string[],
  };
  const start = Date.now();
  const watcher = new EmptyChannelWatcher({
    botChannel: () => world.botChannel,
    listeners: (_guildId, channelId) => world.listeners.get(channelId) ?? [],
    settings: async () => ({ ...world.settings }),
    leave: async () => {
      world.left.push(Date.now() - start);
      world.botChannel = null;
    },
    pause: async () => {
      if (!world.player || world.player.paused) return false;
      world.player.paused = true;
      world.calls.push('pause');
      return true;
    },
    resume: async () => {
      if (world.player?.paused) world.player.paused = false;
      world.calls.push('resume');
    },
    logger: silentLogger(),
  });
  const everyoneLeaves = () => {
    world.listeners.set(VOICE, []);
    watcher.check(GUILD);
  };
  return { world, watcher, everyoneLeaves };
}

describe('leaving an empty voice channel', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('leaves the configured time after the last listener left', async () => {
    const { world, everyoneLeaves } = aGuild({ seconds: 30 });
    everyoneLeaves();
    await vi.advanceTimersByTimeAsync(29_000);
    expect(world.left).toEqual([]);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(world.left).toEqual([30_000]);
  });

  it('stays while someone listens', async () => {
    const { world, watcher } = aGuild();
    watcher.check(GUILD);
    await vi.advanceTimersByTimeAsync(600_000);
    expect(world.left).toEqual([]);
    expect(watcher.pendingGuilds()).toEqual([]);
  });

  it('cancels when someone comes back', async () => {
    const { world, watcher, everyoneLeaves } = aGuild({ seconds: 30 });
    everyoneLeaves();
    await vi.advanceTimersByTimeAsync(10_000);
    world.listeners.set(VOICE, [ALICE]);
    watcher.check(GUILD);
    await vi.advanceTimersByTimeAsync(600_000);
    expect(world.left).toEqual([]);
  });

  it('does not leave when someone is back even if no event said so', async () => {
    const { world, everyoneLeaves } = aGuild({ seconds: 30 });
    everyoneLeaves();
    world.listeners.set(VOICE, [ALICE]);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(world.left).toEqual([]);
  });

  it('stays with 24/7 on, and counts down once it is turned off', async () => {
    const { world, watcher, everyoneLeaves } = aGuild({ seconds: 5, stay: true });
    everyoneLeaves();
    await vi.advanceTimersByTimeAsync(600_000);
    expect(world.left).toEqual([]);
    world.settings.stayConnected247 = false;
    watcher.check(GUILD);
    await vi.advanceTimersByTimeAsync(6_000);
    expect(world.left).toEqual([605_000]);
  });

  it('cancels when 24/7 is turned on during the countdown', async () => {
    const { world, watcher, everyoneLeaves } = aGuild({ seconds: 30 });
    everyoneLeaves();
    await vi.advanceTimersByTimeAsync(10_000);
    world.settings.stayConnected247 = true;
    watcher.check(GUILD);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(world.left).toEqual([]);
  });

  it('starts over when the bot is moved to another empty channel', async () => {
    const { world, watcher, everyoneLeaves } = aGuild({ seconds: 30 });
    everyoneLeaves();
    await vi.advanceTimersByTimeAsync(20_000);
    world.botChannel = OTHER_VOICE;
    watcher.check(GUILD);
    await vi.advanceTimersByTimeAsync(20_000);
    expect(world.left).toEqual([]);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(world.left).toEqual([50_000]);
  });

  it('forgets everything once stopped', async () => {
    const { world, watcher, everyoneLeaves } = aGuild({ seconds: 30 });
    everyoneLeaves();
    watcher.stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(world.left).toEqual([]);
  });
});

describe('pausing in an empty voice channel', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const comesBack = (guild: ReturnType<typeof aGuild>) => {
    guild.world.listeners.set(VOICE, [ALICE]);
    guild.watcher.check(GUILD);
  };

  for (const stay of [false, true]) {
    it(`pauses instead of leaving and plays on when a listener is back (24/7 ${stay ? 'on' : 'off'})`, async () => {
      const guild = aGuild({ seconds: 5, pause: true, stay });
      guild.everyoneLeaves();
      await vi.advanceTimersByTimeAsync(600_000);
      expect(guild.world.player).toEqual({ paused: true });
      expect(guild.world.left).toEqual([]);
      comesBack(guild);
      await vi.advanceTimersByTimeAsync(0);
      expect(guild.world.player).toEqual({ paused: false });
      expect(guild.world.calls).toEqual(['pause', 'resume']);
    });
  }

  it('leaves a track someone paused paused, and lets that player leave as before', async () => {
    const guild = aGuild({ seconds: 5, pause: true });
    guild.world.player = { paused: true };
    guild.everyoneLeaves();
    await vi.advanceTimersByTimeAsync(6_000);
    expect(guild.world.left).toEqual([5_000]);
    expect(guild.world.calls).toEqual([]);
  });

  it('does not resume a pause it did not make when a listener comes back', async () => {
    const guild = aGuild({ pause: true });
    guild.world.player = { paused: true };
    guild.everyoneLeaves();
    await vi.advanceTimersByTimeAsync(1_000);
    comesBack(guild);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(guild.world.player).toEqual({ paused: true });
    expect(guild.world.calls).toEqual([]);
  });

  it('leaves an idle player after the usual time', async () => {
    const guild = aGuild({ seconds: 5, pause: true });
    guild.world.player = null;
    guild.everyoneLeaves();
    await vi.advanceTimersByTimeAsync(6_000);
    expect(guild.world.left).toEqual([5_000]);
  });

  it('counts down to leaving once the option is turned off while paused', async () => {
    const guild = aGuild({ seconds: 5, pause: true });
    guild.everyoneLeaves();
    await vi.advanceTimersByTimeAsync(1_000);
    guild.world.settings.pauseWhenEmpty = false;
    guild.watcher.check(GUILD);
    await vi.advanceTimersByTimeAsync(6_000);
    expect(guild.world.left).toEqual([6_000]);
  });
});
