/**
 * The music bot end to end: the gateway, the built-in audio node and the panel API in one
 * `gramophone start`, driven by slash commands from the Discord emulator, with what is played
 * checked by decoding the audio the emulator's voice server received.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GramophoneProcess } from '../support/gramophone-process.ts';
import { shownToUser } from '../support/shown-to-user.ts';
import { persistedQueue, titles } from './support/bot-api.ts';
import {
  ANSWER_TIMEOUTS,
  afterPendingIo,
  type MusicWorld,
  SETUP_TIMEOUT_MS,
  startMusicWorld,
  until,
  untilSettled,
} from './support/music-world.ts';

let world: MusicWorld;
let bot: GramophoneProcess;
let port: string;

beforeAll(async () => {
  world = await startMusicWorld();
  ({ process: bot, port } = await world.startAll());
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
  await world?.close();
});

const slash: MusicWorld['slash'] = (...args) => world.slash(...args);
const persisted = () => persistedQueue(bot, port, world.ids.guildId);

/** The frequency of the last second heard. */
function lastSecondHz(): number {
  const end = world.heardMs();
  return world.heardHz(end - 1200, end - 200);
}

describe('music commands against the emulator and the built-in audio node', () => {
  it('plays a local file into the voice channel of the user who asked', async () => {
    world.joinVoice(world.ids.alice);
    const answer = await slash(world.ids.alice, 'play', { query: world.file('alpha-440.ogg') });
    expect(answer.ephemeral).toBe(false);
    expect(answer.content).toMatch(/alpha-440/);
    await world.voice.waitForPackets(world.ids.guildId, 100, 15_000);
    await until(() => expect(Math.abs(lastSecondHz() - 440)).toBeLessThan(10));
    const botVoice = world.emulator.control.voiceStates({ guildId: world.ids.guildId });
    expect(JSON.stringify(botVoice)).toContain(world.ids.voiceChannelId);
  }, 60_000);

  it('queues three more tracks and lists them', async () => {
    for (const file of ['bravo-660.ogg', 'charlie-880.ogg', 'delta-550.ogg']) {
      const answer = await slash(world.ids.alice, 'play', { query: world.file(file) });
      expect(answer.content).toMatch(/position \d/);
    }
    const queue = await slash(world.ids.alice, 'queue');
    const text = JSON.stringify(queue.embeds);
    expect(text).toMatch(/bravo-660[\s\S]*charlie-880[\s\S]*delta-550/);
    expect(titles(await persisted())).toEqual(['bravo-660', 'charlie-880', 'delta-550']);
  }, 60_000);

  it('skips to the next track, and the emulator hears it', async () => {
    await slash(world.ids.alice, 'skip');
    await until(() => expect(Math.abs(lastSecondHz() - 660)).toBeLessThan(10));
    const queue = await persisted();
    expect(queue.current?.title).toBe('bravo-660');
    expect(titles(queue)).toEqual(['charlie-880', 'delta-550']);
  }, 60_000);

  it('seeks, pauses and resumes', async () => {
    expect((await slash(world.ids.alice, 'seek', { time: '0:20' })).content).toMatch(/0:20/);
    await until(async () => expect((await persisted()).positionMs).toBeGreaterThanOrEqual(20_000));
    await slash(world.ids.alice, 'pause');
    expect((await persisted()).paused).toBe(true);
    const heardWhilePaused = world.heardMs();
    // The sound stops: what was under way when the pause landed (the trailing silence, a late
    // burst) arrives, then nothing more, however slow the machine.
    const heardAfterPause = await untilSettled(() => world.heardMs());
    expect(heardAfterPause - heardWhilePaused).toBeLessThan(1_000);
    await afterPendingIo(1_500);
    expect(world.heardMs()).toBe(heardAfterPause);
    await slash(world.ids.alice, 'resume');
    expect((await persisted()).paused).toBe(false);
    await until(() => expect(world.heardMs() - heardWhilePaused).toBeGreaterThan(1000));
  }, 60_000);

  it('loops the track, shuffles, moves, removes and sets the volume', async () => {
    await slash(world.ids.alice, 'loop', { mode: 'track' });
    expect((await persisted()).loop).toBe('track');
    await slash(world.ids.alice, 'shuffle');
    expect(new Set(titles(await persisted()))).toEqual(new Set(['charlie-880', 'delta-550']));
    const before = titles(await persisted());
    await slash(world.ids.alice, 'move', { from: 2, to: 1 });
    expect(titles(await persisted())).toEqual([before[1], before[0]]);
    const answer = await slash(world.ids.alice, 'remove', { position: 1 });
    expect(answer.content).toContain(before[1]);
    expect(titles(await persisted())).toEqual([before[0]]);
    await slash(world.ids.alice, 'volume', { level: 55 });
    expect((await persisted()).volume).toBe(55);
  }, 60_000);

  it('offers /search results as a private pick list and queues the chosen track', async () => {
    const offer = await slash(world.ids.alice, 'search', { query: 'test tones' });
    expect(offer.ephemeral).toBe(true);
    const menu = (
      offer.components[0] as {
        components: { custom_id: string; options: { label: string; value: string }[] }[];
      }
    ).components[0];
    const charlie = menu?.options.find((option) => option.label === 'charlie-880');
    expect(charlie).toBeDefined();
    const chosen = await world.emulator.control.selectMenu({
      messageId: offer.messageId as string,
      customId: menu?.custom_id as string,
      userId: world.ids.alice,
      values: [charlie?.value as string],
      ...ANSWER_TIMEOUTS,
    });
    expect(chosen.content).toMatch(/Added \*\*charlie-880\*\* to the queue/);
    expect(titles(await persisted()).at(-1)).toBe('charlie-880');
  }, 60_000);

  it('answers in the user’s language', async () => {
    const answer = await shownToUser(
      world.emulator,
      await world.emulator.control.slashCommand({
        channelId: world.ids.textChannelId,
        userId: world.ids.carol,
        command: 'pause',
        locale: 'de',
        ...ANSWER_TIMEOUTS,
      }),
    );
    expect(answer.ephemeral).toBe(true);
    expect(answer.content).toMatch(/Sprachkanal/);
  }, 30_000);
});
