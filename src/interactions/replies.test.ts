import type { ButtonInteraction, ChatInputCommandInteraction } from 'discord.js';
import { describe, expect, it, vi } from 'vitest';
import { answer, answerPrivately, withinAck } from './replies.ts';

/**
 * A slash command or a button as discord.js models its state (`deferred`, `replied`,
 * `ephemeral`), recording every call it gets; `failDefer` makes the acknowledgement fail the
 * way an expired interaction does.
 */
function anInteraction(kind: 'command' | 'button', { failDefer = false } = {}) {
  const calls: { method: string; flags?: number; content?: string }[] = [];
  const record = (method: string) => async (options?: { flags?: number; content?: string }) => {
    calls.push({
      method,
      ...(options?.flags ? { flags: options.flags } : {}),
      ...(options?.content ? { content: options.content } : {}),
    });
  };
  const interaction = {
    deferred: false,
    replied: false,
    ephemeral: null as boolean | null,
    isChatInputCommand: () => kind === 'command',
    async deferReply(options?: { flags?: number }) {
      await record('deferReply')(options);
      if (failDefer) throw new Error('Unknown interaction');
      interaction.deferred = true;
      interaction.ephemeral = ((options?.flags ?? 0) & 64) !== 0;
    },
    async deferUpdate() {
      await record('deferUpdate')();
      if (failDefer) throw new Error('Unknown interaction');
      interaction.deferred = true;
    },
    async reply(options: { flags?: number; content?: string }) {
      await record('reply')(options);
      interaction.replied = true;
      interaction.ephemeral = ((options.flags ?? 0) & 64) !== 0;
    },
    async editReply(options: { content?: string }) {
      await record('editReply')(options);
      interaction.replied = true;
    },
    deleteReply: record('deleteReply'),
    async followUp(options: { flags?: number; content?: string }) {
      await record('followUp')(options);
      interaction.replied = true;
    },
  };
  return {
    interaction,
    calls,
    command: interaction as unknown as ChatInputCommandInteraction,
    button: interaction as unknown as ButtonInteraction,
  };
}

const EPHEMERAL = 64;

describe('withinAck', () => {
  it('defers a command before its work starts, with no timer involved', async () => {
    vi.useFakeTimers();
    try {
      const { command, calls } = anInteraction('command');
      let seenByWork: string[] = [];
      await withinAck(command, async () => {
        seenByWork = calls.map((call) => call.method);
        await answer(command, { content: 'Added' });
      });
      // Timers never ran (fake, not advanced): the deferral does not wait for one.
      expect(vi.getTimerCount()).toBe(0);
      expect(seenByWork).toEqual(['deferReply']);
      expect(calls).toEqual([{ method: 'deferReply' }, { method: 'editReply', content: 'Added' }]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('acknowledges even while the work never finishes', async () => {
    const { command, calls } = anInteraction('command');
    void withinAck(command, () => new Promise<never>(() => {}));
    await vi.waitFor(() => expect(calls.map((call) => call.method)).toEqual(['deferReply']));
  });

  it('defers a button as an update of its message', async () => {
    const { button, calls } = anInteraction('button');
    await withinAck(button, async () => {});
    expect(calls).toEqual([{ method: 'deferUpdate' }]);
  });

  it('leaves an interaction that is already acknowledged as it is', async () => {
    const { command, calls } = anInteraction('command');
    await command.deferReply({ flags: EPHEMERAL });
    await withinAck(command, async () => {});
    expect(calls).toEqual([{ method: 'deferReply', flags: EPHEMERAL }]);
  });

  it('does not run the work when the acknowledgement fails', async () => {
    const { command } = anInteraction('command', { failDefer: true });
    const work = vi.fn(async () => {});
    await expect(withinAck(command, work)).rejects.toThrow('Unknown interaction');
    expect(work).not.toHaveBeenCalled();
  });
});

describe('answerPrivately', () => {
  it('replies ephemerally when nothing was sent yet', async () => {
    const { command, calls } = anInteraction('command');
    await answerPrivately(command, 'No.');
    expect(calls).toEqual([{ method: 'reply', content: 'No.', flags: EPHEMERAL }]);
  });

  it('swaps a public deferral for an ephemeral follow-up, deleting the "thinking" message first', async () => {
    const { command, calls } = anInteraction('command');
    await withinAck(command, () => answerPrivately(command, 'The queue is full.'));
    expect(calls).toEqual([
      { method: 'deferReply' },
      { method: 'deleteReply' },
      { method: 'followUp', content: 'The queue is full.', flags: EPHEMERAL },
    ]);
  });

  it('edits an ephemeral deferral, which only the user sees', async () => {
    const { command, calls } = anInteraction('command');
    await command.deferReply({ flags: EPHEMERAL });
    await answerPrivately(command, 'No such playlist.');
    expect(calls.slice(1)).toEqual([{ method: 'editReply', content: 'No such playlist.' }]);
  });

  it('follows a button up ephemerally, leaving the message it is on alone', async () => {
    const { button, calls } = anInteraction('button');
    await withinAck(button, () => answerPrivately(button, 'Only DJs can do that.'));
    expect(calls).toEqual([
      { method: 'deferUpdate' },
      { method: 'followUp', content: 'Only DJs can do that.', flags: EPHEMERAL },
    ]);
  });

  it('follows a command that already answered publicly up ephemerally', async () => {
    const { command, calls } = anInteraction('command');
    await withinAck(command, () => answer(command, { content: 'Added' }));
    await answerPrivately(command, 'Something went wrong.');
    expect(calls.slice(2)).toEqual([
      { method: 'followUp', content: 'Something went wrong.', flags: EPHEMERAL },
    ]);
  });
});
