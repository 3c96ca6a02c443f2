import { useId, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { toast } from 'sonner';
import type { SandboxState } from '../../../src/api/sandbox/contract.ts';
import { SANDBOX_LOCALES } from '../../../src/api/sandbox/sandbox-values.ts';
import { useMe, useMeta } from '../api/index.ts';
import { PageHeader, QueryView } from '../components/index.ts';
import { useMessages } from '../i18n/index.ts';
import { ChannelView } from './ChannelView.tsx';
import { CommandBox } from './CommandBox.tsx';
import type { MentionNames } from './DiscordText.tsx';
import { ListenPanel } from './ListenPanel.tsx';
import { sandboxMessages } from './messages.ts';
import type { Vocabulary } from './parse-command.ts';
import { isNoSandbox, isServerAway, useSandboxCommands, useSandboxState, useSetLocale } from './queries.ts';
import { failureText } from './refusal-text.ts';
import { VoicePanel } from './VoicePanel.tsx';
import './sandbox.css';

const USER_KEY = 'gramophone.sandbox.user';

/** Each client language in its own words: someone looking for theirs finds it whatever the page's is. */
const LOCALE_NAMES: Record<(typeof SANDBOX_LOCALES)[number], string> = {
  'en-US': 'English',
  de: 'Deutsch',
  fr: 'Français',
  'es-ES': 'Español',
};

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
      <p>{t('whatPlays')}</p>
      {meta.data?.inviteUrl && (
        <p>
          <a href={meta.data.inviteUrl} data-testid="sandbox-invite">
            {t('inviteLink')}
          </a>
          <br />
          <span className="muted">{t('inviteNote')}</span>
        </p>
      )}
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

function Sandbox({ state, offline }: { state: SandboxState; offline: boolean }) {
  const t = useMessages(sandboxMessages);
  const userSelectId = useId();
  const localeSelectId = useId();
  const setLocale = useSetLocale(state.guild.id);
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
  const user = state.users.find((u) => u.id === userId);
  const vocabulary: Vocabulary = useMemo(
    () => ({
      locale: user?.locale ?? 'en-US',
      users: state.users,
      channels: state.channels,
      roles: state.roles,
    }),
    [user?.locale, state.users, state.channels, state.roles],
  );
  const chooseLocale = (locale: (typeof SANDBOX_LOCALES)[number]) =>
    setLocale.mutate(
      { userId, locale },
      { onError: (error) => toast.error(failureText(error, t, state.bot.name)) },
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
          <label htmlFor={localeSelectId}>{t('language')}</label>
          <select
            id={localeSelectId}
            value={SANDBOX_LOCALES.find((l) => l === user?.locale) ?? 'en-US'}
            disabled={setLocale.isPending || offline}
            onChange={(event) => chooseLocale(event.target.value as (typeof SANDBOX_LOCALES)[number])}
            aria-describedby={`${localeSelectId}-note`}
            data-testid="sandbox-locale"
          >
            {SANDBOX_LOCALES.map((locale) => (
              <option key={locale} value={locale} lang={locale}>
                {LOCALE_NAMES[locale]}
              </option>
            ))}
          </select>
          <span id={`${localeSelectId}-note`} className="hint">
            {t('languageNote', { name: user?.name ?? '' })}
          </span>
        </section>
        <VoicePanel state={state} userId={userId} />
        <ListenPanel guildId={guildId} audio={state.audio} offline={offline} />
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
              vocabulary={vocabulary}
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
  // The last answer stays on screen while the server is away; it must not pass for the present.
  const offline = state.data !== undefined && state.failureCount > 0 && isServerAway(state.failureReason);
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
        <>
          {offline && (
            <p className="card error" role="alert" data-testid="sandbox-offline">
              {t('offline')}
            </p>
          )}
          <QueryView query={state}>{(data) => <Sandbox state={data} offline={offline} />}</QueryView>
        </>
      )}
    </div>
  );
}
