import { Link, NavLink, Outlet, useParams } from 'react-router';
import type { PanelGuild } from '../../../src/api/contract.ts';
import { discordImage, useGuildEvents, useGuilds } from '../api/index.ts';
import { guildPages } from '../capabilities.ts';
import { useLocale, useMessages } from '../i18n/index.ts';
import { shellMessages } from './messages.ts';

/**
 * A server's pages share one event stream, opened here, so every tab is live. The header names
 * the server from the first moment (never its id); a server the user may not manage (or the
 * bot is not in) says so, with the way back, instead of a stream reconnecting forever.
 */
export function GuildLayout() {
  const { guildId = '' } = useParams();
  const t = useMessages(shellMessages);
  const { locale } = useLocale();
  const guilds = useGuilds();
  const listed = guilds.data?.find((g) => g.id === guildId);
  // Known refusals need no stream: the user's own server list says so.
  const refused = guilds.isSuccess && !listed?.botPresent;
  const status = useGuildEvents(guildId, !refused);
  // The servers page fetched the list already: coming from there, the name is known at once.
  const guild = listed;
  const icon = guild ? discordImage('icons', guild.id, guild.icon) : null;
  if (refused || status === 'forbidden') {
    return <GuildRefused guild={listed} />;
  }
  const title = guild?.name ?? t('loadingServer');
  return (
    <div>
      <div className="page-header">
        <div className="row">
          {icon ? (
            <img className="avatar" src={icon} alt="" />
          ) : (
            <span className="avatar" aria-hidden="true">
              {guild?.name.slice(0, 1) ?? ''}
            </span>
          )}
          <h1 style={{ margin: 0 }} aria-busy={!guild} data-testid="guild-name">
            {title}
          </h1>
        </div>
        <span
          className={status === 'live' ? 'badge live' : 'badge'}
          role="status"
          data-testid="stream-status"
        >
          {status === 'live' ? t('live') : t('reconnecting')}
        </span>
      </div>
      <nav className="tabs" aria-label={title}>
        {guildPages.map(({ path, tab }) => (
          <NavLink
            key={path}
            end={path === ''}
            to={path ? `/servers/${guildId}/${path}` : `/servers/${guildId}`}
          >
            {tab.label[locale]}
          </NavLink>
        ))}
      </nav>
      <Outlet />
    </div>
  );
}

/** Why this server's pages are closed to the user, and the way back to their servers. */
function GuildRefused({ guild }: { guild: PanelGuild | undefined }) {
  const t = useMessages(shellMessages);
  const botMissing = guild !== undefined && !guild.botPresent;
  return (
    <div className="state error" role="alert" data-testid="guild-refused">
      <h1>{botMissing ? t('botNotInServer', { name: guild.name }) : t('cannotManage')}</h1>
      <p className="muted">{botMissing ? t('botNotInServerHint') : t('cannotManageHint')}</p>
      <div className="row">
        {botMissing && guild.inviteUrl && (
          <a className="button primary" href={guild.inviteUrl}>
            {t('inviteBot')}
          </a>
        )}
        <Link className="button" to="/servers">
          {t('backToServers')}
        </Link>
      </div>
    </div>
  );
}
