import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { toast } from 'sonner';
import type { GuildChannelsReply } from '../../../src/gateway/contract.ts';
import type { QueueSnapshot } from '../../../src/music/contract.ts';
import { get, keys } from '../api/index.ts';
import { useMessages } from '../i18n/index.ts';
import { summonMessages } from './messages.ts';
import { useQueueOperation } from './operations.ts';

/** The server's voice channels, in Discord's order (the same request as the settings' pickers). */
export function useVoiceChannels(guildId: string) {
  return useQuery({
    queryKey: keys.guildPart(guildId, 'channels'),
    queryFn: async () => (await get<GuildChannelsReply>(`/api/guilds/${guildId}/channels`)).channels,
    staleTime: 60_000,
    select: (channels) => channels.filter((channel) => channel.type === 'voice'),
  });
}

/**
 * Where the bot is, and a picker of the server's voice channels to summon it to (or move it, or
 * bring it back after "Disconnect") without being in voice. The chosen channel is also where an
 * add from this page starts playback when the bot is in none (`chosen`, kept by the page).
 */
export function SummonPanel({
  guildId,
  snapshot,
  chosen,
  onChoose,
}: {
  guildId: string;
  snapshot: QueueSnapshot;
  /** The channel picked (or, until one is, the bot's own or the first). */
  chosen: string | null;
  onChoose: (channelId: string) => void;
}) {
  const t = useMessages(summonMessages);
  const channels = useVoiceChannels(guildId);
  const selectId = useId();
  const voice = channels.data ?? [];
  const target = chosen;
  const summon = useQueueOperation(guildId, { voiceChannelId: target });
  const current = voice.find((channel) => channel.id === snapshot.voiceChannelId);
  const targetName = voice.find((channel) => channel.id === target)?.name ?? '';
  const here = target !== null && target === snapshot.voiceChannelId;
  return (
    <section className="card stack" aria-labelledby="music-summon" data-testid="summon">
      <h2 id="music-summon">{t('voiceChannel')}</h2>
      <p data-testid="bot-voice-channel">
        {snapshot.voiceChannelId === null
          ? t('botNowhere')
          : t('botIn', { channel: current?.name ?? snapshot.voiceChannelId })}
      </p>
      {channels.isError ? (
        <p className="music-refused">{t('channelsFailed')}</p>
      ) : voice.length === 0 && channels.isSuccess ? (
        <p className="muted">{t('noVoiceChannels')}</p>
      ) : (
        <div className="field">
          <label htmlFor={selectId}>{t('pickChannel')}</label>
          <div className="music-add-row">
            <select
              id={selectId}
              value={target ?? ''}
              disabled={!channels.isSuccess}
              onChange={(event) => onChoose(event.target.value)}
            >
              {voice.map((channel) => (
                <option key={channel.id} value={channel.id}>
                  {channel.name}
                </option>
              ))}
            </select>
            <button
              type="button"
              className="button primary"
              disabled={target === null || here || summon.isPending}
              onClick={() =>
                summon.mutate(
                  { type: 'join' },
                  { onSuccess: () => toast.success(t('summoned', { channel: targetName })) },
                )
              }
            >
              {snapshot.voiceChannelId === null ? t('summon') : t('moveHere')}
            </button>
          </div>
          <span className="hint">{t('summonHint')}</span>
        </div>
      )}
    </section>
  );
}
