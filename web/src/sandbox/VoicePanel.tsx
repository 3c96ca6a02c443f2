import { toast } from 'sonner';
import type { SandboxState } from '../../../src/api/sandbox/contract.ts';
import { useMessages } from '../i18n/index.ts';
import { sandboxMessages } from './messages.ts';
import { useSetVoice } from './queries.ts';
import { failureText } from './refusal-text.ts';

/** The voice channels: who is in each, and joining or leaving as the chosen user. */
export function VoicePanel({ state, userId }: { state: SandboxState; userId: string }) {
  const t = useMessages(sandboxMessages);
  const setVoice = useSetVoice(state.guild.id);
  const names = new Map([...state.users.map((u) => [u.id, u.name] as const), [state.bot.id, state.bot.name]]);
  const voiceChannels = state.channels.filter((c) => c.kind === 'voice');
  const mine = state.voiceStates.find((v) => v.userId === userId)?.channelId ?? null;
  const change = (channelId: string | null) =>
    setVoice.mutate(
      { userId, channelId },
      {
        onError: (error) => toast.error(failureText(error, t, state.bot.name)),
      },
    );
  return (
    <section className="card stack" aria-labelledby="sandbox-voice-title">
      <h2 id="sandbox-voice-title">{t('voiceTitle')}</h2>
      {voiceChannels.map((channel) => {
        const inside = state.voiceStates
          .filter((v) => v.channelId === channel.id)
          .map((v) =>
            v.userId === state.bot.id
              ? t('botName', { name: state.bot.name })
              : (names.get(v.userId) ?? v.userId),
          );
        const here = mine === channel.id;
        return (
          <div key={channel.id} className="stack sandbox-voice-channel">
            <p aria-live="polite" data-testid="sandbox-voice-members">
              <span aria-hidden="true">🔊 </span>
              {inside.length > 0
                ? t('inVoice', { channel: channel.name, names: inside.join(', ') })
                : t('nobodyInVoice', { channel: channel.name })}
            </p>
            <div className="row">
              <button
                type="button"
                className={here ? 'button' : 'button primary'}
                disabled={setVoice.isPending}
                onClick={() => change(here ? null : channel.id)}
              >
                {here ? t('leave', { channel: channel.name }) : t('join', { channel: channel.name })}
              </button>
            </div>
          </div>
        );
      })}
    </section>
  );
}
