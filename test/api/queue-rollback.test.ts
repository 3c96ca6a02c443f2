/**
 * A queue change whose database write fails lands in neither place (docs/music-bot.md,
 * "Durability"; MusicEngine.transact): the real gateway, audio node and voice channel, with the
 * write made to fail in the database itself (the table renamed away, or a CHECK constraint the
 * new row breaks). The user gets the generic apology, memory (the bus snapshot) is the row in
 * `music_players`, the voice channel hears what the row says, and the next command works.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type QueueSnapshot, snapshotOf } from '../../src/music/index.ts';
import { databaseKinds } from '../support/databases.ts';
import { eventually } from '../support/eventually.ts';
import { type MusicStack, startMusicStack, TONES, type ToneFile } from './music-stack.ts';

const GENERIC_APOLOGY = /Something went wrong on my side/;

describe.each(databaseKinds())('a queue change the database refuses (%s)', (kind) => {
  let stack: MusicStack;
  let owner: string;

  beforeAll(async () => {
    stack = await startMusicStack(kind);
    owner = stack.ids.ownerId;
    stack.emulator.control.joinVoice({ channelId: stack.ids.voiceChannelId, userId: owner });
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
  });

  const play = (file: ToneFile) => stack.slash(owner, 'play', { query: stack.file(file) });

  /** Runs `command` while every write of `music_players` fails: the table is not there. */
  async function withTableAway<T>(command: () => Promise<T>): Promise<T> {
    await stack.database.exec('ALTER TABLE music_players RENAME TO music_players_away');
    try {
      return await command();
    } finally {
      await stack.database.exec('ALTER TABLE music_players_away RENAME TO music_players');
    }
  }

  /** Runs `command` while a row of `music_players` must pass `check` (rows already there are not checked). */
  async function withConstraint<T>(check: string, command: () => Promise<T>): Promise<T> {
    await stack.database.exec(
      `ALTER TABLE music_players ADD CONSTRAINT test_refused_write CHECK (${check}) NOT VALID`,
    );
    try {
      return await command();
    } finally {
      await stack.database.exec('ALTER TABLE music_players DROP CONSTRAINT test_refused_write');
    }
  }

  /** The queue without where the track is now (it moves between the two reads). */
  const stable = ({ positionMs: _moving, ...rest }: QueueSnapshot) => rest;

  /** Memory (what the gateway answers over the bus) is what the database holds. */
  async function expectMemoryIsSaved(): Promise<QueueSnapshot> {
    const memory = await stack.snapshot();
    const saved = await stack.saved();
    if (saved) expect(stable(memory)).toEqual(stable(snapshotOf(saved, saved.positionMs)));
    else expect(memory).toMatchObject({ voiceChannelId: null, current: null, upcoming: [], history: [] });
    return memory;
  }

  /** What the voice channel hears once what was asked has had time to settle: 1 s, from 1.5 s on. */
  async function settledHearing(): Promise<{ hz: number; rmsDbfs: number | null }> {
    const from = stack.heardMs();
    await eventually(() => expect(stack.heardMs()).toBeGreaterThan(from + 2_500), 15_000, 100);
    return stack.heard(from + 1_500, from + 2_500);
  }

  async function expectHearing(file: ToneFile): Promise<void> {
    expect(Math.abs((await settledHearing()).hz - TONES[file])).toBeLessThan(15);
  }

  const privateAnswer = (answer: Awaited<ReturnType<MusicStack['slash']>>) => stack.privateAnswer(answer);

  const botInVoice = () =>
    stack.emulator.control
      .voiceStates({ guildId: stack.ids.guildId })
      .some((state) => (state as { user_id?: string }).user_id === stack.emulator.describe().botUserId);

  it('leaves the voice channel it joined for a /play that could not be saved, and plays on the next', async () => {
    const refused = await withConstraint('voice_channel_id IS NULL', () => play('alpha-440.ogg'));
    expect(await privateAnswer(refused)).toMatch(GENERIC_APOLOGY);
    expect(await stack.saved()).toBeNull();
    await expectMemoryIsSaved();
    await eventually(() => expect(botInVoice()).toBe(false), 10_000, 100);

    const played = await play('alpha-440.ogg');
    expect(played.ephemeral, played.content).toBe(false);
    const memory = await expectMemoryIsSaved();
    expect(memory).toMatchObject({
      voiceChannelId: stack.ids.voiceChannelId,
      current: { info: { title: 'alpha-440' } },
    });
    expect(botInVoice()).toBe(true);
    await expectHearing('alpha-440.ogg');
  });

  it('plays the track it was playing on when a /skip could not be saved, and skips next time', async () => {
    await play('bravo-660.ogg');
    const refused = await withTableAway(() => stack.slash(owner, 'skip'));
    expect(await privateAnswer(refused)).toMatch(GENERIC_APOLOGY);
    const memory = await expectMemoryIsSaved();
    expect(memory.current?.info.title).toBe('alpha-440');
    expect(memory.upcoming.map((track) => track.info.title)).toEqual(['bravo-660']);
    await expectHearing('alpha-440.ogg');

    const skipped = await stack.slash(owner, 'skip');
    expect(skipped.content).not.toMatch(GENERIC_APOLOGY);
    expect((await expectMemoryIsSaved()).current?.info.title).toBe('bravo-660');
    await expectHearing('bravo-660.ogg');
  });

  it('puts the volume back when the database refuses it (a constraint), and takes it once allowed', async () => {
    const full = await settledHearing();
    const refused = await withConstraint('volume >= 50', () => stack.slash(owner, 'volume', { level: 30 }));
    expect(await privateAnswer(refused)).toMatch(GENERIC_APOLOGY);
    expect((await expectMemoryIsSaved()).volume).toBe(100);
    const after = await settledHearing();
    expect(Math.abs(after.hz - TONES['bravo-660.ogg'])).toBeLessThan(15);
    expect(Math.abs((after.rmsDbfs ?? -100) - (full.rmsDbfs ?? 0))).toBeLessThan(2);

    const lowered = await stack.slash(owner, 'volume', { level: 30 });
    expect(lowered.content).not.toMatch(GENERIC_APOLOGY);
    expect((await expectMemoryIsSaved()).volume).toBe(30);
    // lavaplayer's gain at 30 is tan(0.237), about -12 dB.
    expect((await settledHearing()).rmsDbfs ?? 0).toBeLessThan((full.rmsDbfs ?? 0) - 8);
  });
});
