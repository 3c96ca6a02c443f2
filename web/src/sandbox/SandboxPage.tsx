import { useId, useMemo, useState } from 'react';
import { Link } from 'react-router';
import type { SandboxState } from '../../../src/api/sandbox/contract.ts';
import { useMe, useMeta } from '../api/index.ts';
import { PageHeader, QueryView } from '../components/index.ts';
import { useMessages } from '../i18n/index.ts';
import { ChannelView } from './ChannelView.tsx';
import { CommandBox } from './CommandBox.tsx';
import type { MentionNames } from './DiscordText.tsx';
import { ListenPanel } from './ListenPanel.tsx';
import { sandboxMessages } from './messages.ts';
import { isNoSandbox, useSandboxCommands, useSandboxState } from './queries.ts';
import { VoicePanel } from './VoicePanel.tsx';
import './sandbox.css';

const USER_KEY = 'gramophone.sandbox.user';

function storedUser(): string | null {
  try {
    return localStorage.getItem(USER_KEY);
  } catch {
    return null;
  }
}

function HowItWorks({ guildName, guildId }: { guildName: string; guildId: string }) {
  const t = useMessages(sandboxMessages);
  const me = useMe();
  const meta = useMeta();
  return (
    <section className="card stack" aria-labelledby="sandbox-how-title">
      <h2 id="sandbox-how-title">{t('howTitle')}</h2>
      <p>{t('how1', { guild: guildName })}</p>
      <p>{t('how2')}</p>
      <p>{t('how3')}</p>
      {me.data ? (
        <p>
          <Link to={`/servers/${guildId}`}>{t('panelLink')}</Link>
        </p>
      ) : (
        meta.data?.loginEnabled && (
          <p>
            <a href="/api/auth/discord/login">{t('loginLink')}</a>
            <br />
            <span className="muted">{t('loginNote')}</span>
          </p>
        )
      )}
    </section>
  );
}

function Sandbox({ state }: { state: SandboxState }) {
  const t = useMessages(sandboxMessages);
  const userSelectId = useId();
  const guildId = state.guild.id;
  const commands = useSandboxCommands(guildId);
  const [chosenUser, setChosenUser] = useState<string | null>(storedUser);
  const userId = state.users.some((u) => u.id === chosenUser)
    ? (chosenUser ?? '')
    : (state.users[0]?.id ?? '');
  const textChannels = state.channels.filter((c) => c.kind === 'text');
  const [chosenChannel, setChosenChannel] = useState(state.defaults.textChannelId);
  const channel = textChannels.find((c) => c.id === chosenChannel) ?? textChannels[0];
  const names: MentionNames = useMemo(
    () => ({
      users: new Map([...state.users.map((u) => [u.id, u.name] as const), [state.bot.id, state.bot.name]]),
      channels: new Map(state.channels.map((c) => [c.id, c.name])),
    }),
    [state.users, state.bot, state.channels],
  );
  const chooseUser = (id: string) => {
    setChosenUser(id);
    try {
      localStorage.setItem(USER_KEY, id);
    } catch {
      // Private mode: the choice lasts for this page only.
    }
  };

  return (
    <div className="sandbox-layout">
      <div className="stack sandbox-side">
        <section className="card field">
          <label htmlFor={userSelectId}>{t('youAre')}</label>
          <select
            id={userSelectId}
            value={userId}
            onChange={(event) => chooseUser(event.target.value)}
            data-testid="sandbox-user"
          >
            {state.users.map((user) => {
              const roles = [...(user.owner ? [t('ownerRole')] : []), ...user.roles];
              return (
                <option key={user.id} value={user.id}>
                  {roles.length > 0 ? `${user.name} (${roles.join(', ')})` : user.name}
                </option>
              );
            })}
          </select>
        </section>
        <VoicePanel state={state} userId={userId} />
        <ListenPanel guildId={guildId} audio={state.audio} />
      </div>
      <section className="card stack sandbox-main" aria-label={t('channels')}>
        <fieldset className="row sandbox-channel-tabs">
          <legend className="visually-hidden">{t('channels')}</legend>
          {textChannels.map((c) => (
            <button
              key={c.id}
              type="button"
              className="button"
              aria-pressed={c.id === channel?.id}
              onClick={() => setChosenChannel(c.id)}
            >
              #{c.name}
            </button>
          ))}
        </fieldset>
        {channel && (
          <>
            <ChannelView
              key={`${channel.id}:${userId}`}
              guildId={guildId}
              channelId={channel.id}
              channelName={channel.name}
              userId={userId}
              names={names}
            />
            <CommandBox
              guildId={guildId}
              userId={userId}
              channelId={channel.id}
              botName={state.bot.name}
              commands={commands.data ?? []}
            />
          </>
        )}
      </section>
      <div className="sandbox-how">
        <HowItWorks guildName={state.guild.name} guildId={guildId} />
      </div>
    </div>
  );
}

/** The sandbox: play the demo server's users against the real bot, and hear what it plays. */
export default function SandboxPage() {
  const t = useMessages(sandboxMessages);
  const state = useSandboxState();
  return (
    <div className="stack">
      <PageHeader title={t('title')} />
      <p className="muted sandbox-intro">{t('intro')}</p>
      {isNoSandbox(state.error) ? (
        <section className="card stack">
          <p>{t('noSandbox')}</p>
          <p>
            <Link to="/">{t('home')}</Link>
          </p>
        </section>
      ) : (
        <QueryView query={state}>{(data) => <Sandbox state={data} />}</QueryView>
      )}
    </div>
  );
}
