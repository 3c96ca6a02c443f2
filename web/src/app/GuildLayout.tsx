import { NavLink, Outlet, useParams } from 'react-router';
import { discordImage, useGuildEvents, useGuilds } from '../api/index.ts';
import { guildPages } from '../capabilities.ts';
import { useLocale, useMessages } from '../i18n/index.ts';
import { shellMessages } from './messages.ts';

/** A server's pages share one event stream, opened here, so every tab is live. */
export function GuildLayout() {
  const { guildId = '' } = useParams();
  const t = useMessages(shellMessages);
  const { locale } = useLocale();
  const guilds = useGuilds();
  const status = useGuildEvents(guildId);
  const guild = guilds.data?.find((g) => g.id === guildId);
  const icon = guild ? discordImage('icons', guild.id, guild.icon) : null;
  return (
    <div>
      <div className="page-header">
        <div className="row">
          {icon ? (
            <img className="avatar" src={icon} alt="" />
          ) : (
            <span className="avatar" aria-hidden="true">
              {guild?.name.slice(0, 1) ?? '#'}
            </span>
          )}
          <h1 style={{ margin: 0 }}>{guild?.name ?? guildId}</h1>
        </div>
        <span
          className={status === 'live' ? 'badge live' : 'badge'}
          role="status"
          data-testid="stream-status"
        >
          {status === 'live' ? t('live') : t('reconnecting')}
        </span>
      </div>
      <nav className="tabs" aria-label={guild?.name ?? guildId}>
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
