import type { ChatInputCommandInteraction, InteractionEditReplyOptions } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { aQueueSnapshot } from '../../../../test/support/music-snapshots.ts';
import { type Language, translator } from '../../../i18n/index.ts';
import { defaultGuildSettings } from '../../../settings/index.ts';
import type { OperationOutcome, QueueOperation, QueueSnapshot } from '../../index.ts';
import type { CommandContext, MusicGatewayServices, SlashCommand } from '../handler-types.ts';
import { moveCommand } from './move.ts';
import { skipCommand } from './skip.ts';

const GUILD = '300000000000000001';

/**
 * Runs `command` with integer `options`; the music service answers with `after` (the queue once
 * the operation is done) and `outcome`. Returns what the user was told and the operation sent.
 */
async function run(
  command: SlashCommand,
  options: Record<string, number>,
  after: QueueSnapshot,
  { outcome = { kind: 'done' } as OperationOutcome, language = 'en' as Language } = {},
) {
  const edits: InteractionEditReplyOptions[] = [];
  const operations: QueueOperation[] = [];
  const interaction = {
    deferred: false,
    replied: false,
    options: { getInteger: (name: string) => options[name] ?? null },
    isChatInputCommand: () => true,
    async deferReply() {
      this.deferred = true;
    },
    editReply: async (edit: InteractionEditReplyOptions) => void edits.push(edit),
    channelId: '200000000000000002',
  };
  const execute = async (_guild: string, _actor: unknown, operation: QueueOperation) => {
    operations.push(operation);
    return { snapshot: after, outcome };
  };
  const context = {
    guildId: GUILD,
    actor: { userId: '400000000000000001', voiceChannelId: null, roleIds: [], canManageGuild: true },
    settings: defaultGuildSettings,
    language,
    t: translator(language),
    services: { music: { execute } } as unknown as MusicGatewayServices,
    interaction: interaction as unknown as ChatInputCommandInteraction,
  } satisfies CommandContext;
  await command.execute(context);
  return { said: edits.map((edit) => edit.content), operations };
}

describe('/skip', () => {
  it('says how many tracks a jump skipped and names the one playing now', async () => {
    const after = aQueueSnapshot(GUILD, ['Delta', 'Echo']);
    const { said, operations } = await run(skipCommand, { to: 3 }, after);
    expect(operations).toEqual([{ type: 'skip', to: 3 }]);
    expect(said).toEqual(['Skipped 3 tracks: now playing **Delta**.']);
  });

  it('says one track, in the user’s language, for a jump to the next one', async () => {
    const after = aQueueSnapshot(GUILD, ['Bravo']);
    expect((await run(skipCommand, { to: 1 }, after)).said).toEqual([
      'Skipped 1 track: now playing **Bravo**.',
    ]);
    expect((await run(skipCommand, { to: 1 }, after, { language: 'de' })).said).toEqual([
      '1 Titel übersprungen: Jetzt läuft **Bravo**.',
    ]);
  });

  it('keeps the plain answer for a skip and the tally for a vote', async () => {
    const after = aQueueSnapshot(GUILD, ['Bravo']);
    expect((await run(skipCommand, {}, after)).said).toEqual(['Skipped.']);
    const voted = await run(skipCommand, {}, after, { outcome: { kind: 'voted', votes: 1, needed: 2 } });
    expect(voted.said).toEqual(['Vote recorded: 1/2 to skip.']);
  });
});

describe('/move', () => {
  it('names the moved track and where it went', async () => {
    const after = aQueueSnapshot(GUILD, ['Alpha', 'Charlie', 'Bravo']);
    const { said, operations } = await run(moveCommand, { from: 2, to: 1 }, after);
    expect(operations).toEqual([{ type: 'move', from: 2, to: 1 }]);
    expect(said).toEqual(['Moved **Charlie** to position 1.']);
  });

  it('says nothing moved when the track is already there', async () => {
    const after = aQueueSnapshot(GUILD, ['Alpha', 'Bravo', 'Charlie']);
    const { said, operations } = await run(moveCommand, { from: 2, to: 2 }, after);
    // Still sent: the service is what refuses a position past the end.
    expect(operations).toEqual([{ type: 'move', from: 2, to: 2 }]);
    expect(said).toEqual(['**Charlie** is already at position 2: nothing moved.']);
  });
});
