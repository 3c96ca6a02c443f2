import { Link } from 'react-router';
import { discordImage, useGuilds } from '../../api/index.ts';
import { PageHeader, QueryView } from '../../components/index.ts';
import { useMessages } from '../../i18n/index.ts';
import { serverMessages } from './messages.ts';

/** The servers the user may manage: the bot's ones open their dashboard, the others offer the invite. */
export default function GuildPicker() {
  const t = useMessages(serverMessages);
  const guilds = useGuilds();
  return (
    <div>
      <PageHeader title={t('title')} />
      <p className="muted">{t('intro')}</p>
      <QueryView query={guilds}>
        {(list) =>
          list.length === 0 ? (
            <p className="state">{t('none')}</p>
          ) : (
            <ul className="grid list" aria-label={t('title')}>
              {[...list]
                .sort((a, b) => Number(b.botPresent) - Number(a.botPresent) || a.name.localeCompare(b.name))
                .map((guild) => {
                  const icon = discordImage('icons', guild.id, guild.icon);
                  return (
                    <li key={guild.id} className="card">
                      {icon ? (
                        <img className="avatar" src={icon} alt="" />
                      ) : (
                        <span className="avatar" aria-hidden="true">
                          {guild.name.slice(0, 1)}
                        </span>
                      )}
                      <div className="stack" style={{ gap: '0.25rem', flex: 1, minWidth: 0 }}>
                        <strong className="truncate">{guild.name}</strong>
                        {guild.owner && <span className="badge">{t('owner')}</span>}
                        {guild.botPresent ? (
                          <Link
                            className="button primary"
                            to={`/servers/${guild.id}`}
                            aria-label={`${t('manage')} ${guild.name}`}
                          >
                            {t('manage')}
                          </Link>
                        ) : (
                          <>
                            <span className="muted">{t('notInvited')}</span>
                            {guild.inviteUrl && (
                              <a className="button" href={guild.inviteUrl}>
                                {t('invite')}
                              </a>
                            )}
                          </>
                        )}
                      </div>
                    </li>
                  );
                })}
            </ul>
          )
        }
      </QueryView>
    </div>
  );
}
