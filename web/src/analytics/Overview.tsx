import { Link, useParams, useSearchParams } from 'react-router';
import type { AnalyticsSummary } from '../../../src/analytics/contract.ts';
import type { AnalyticsRange } from '../../../src/analytics/window.ts';
import { useLiveQueue, useMemberNames } from '../api/index.ts';
import { ErrorState, Loading } from '../components/index.ts';
import { type Locale, type Translate, useFormat, useLocale, useMessages } from '../i18n/index.ts';
import { BusiestHoursChart, MemberTrendChart } from './Charts.tsx';
import { overviewMessages } from './messages.ts';
import { useAnalytics } from './queries.ts';

type Key = Parameters<Translate<keyof (typeof overviewMessages)['en']>>[0];
/** A label for each of the api's ranges, in the order offered: a range added to the api needs one here. */
const RANGE_LABELS: Record<AnalyticsRange, Key> = {
  '1d': 'range1d',
  '7d': 'range7d',
  '30d': 'range30d',
  all: 'rangeAll',
};
const RANGES = Object.entries(RANGE_LABELS).map(([value, label]) => ({ value, label }));

function isRange(value: string | null): value is AnalyticsRange {
  return value !== null && Object.hasOwn(RANGE_LABELS, value);
}

/** A guild at a glance: what plays now (live), and the figures of a period with charts. */
export default function Overview() {
  const { guildId = '' } = useParams();
  const t = useMessages(overviewMessages);
  const [params, setParams] = useSearchParams();
  const rangeParam = params.get('range');
  const range: AnalyticsRange = isRange(rangeParam) ? rangeParam : '7d';
  const analytics = useAnalytics(guildId, range);
  return (
    <div className="stack">
      <NowPlayingCard guildId={guildId} />
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <label className="row">
          <span>{t('range')}</span>
          <select
            value={range}
            onChange={(event) => setParams({ range: event.target.value }, { replace: true })}
          >
            {RANGES.map((option) => (
              <option key={option.value} value={option.value}>
                {t(option.label)}
              </option>
            ))}
          </select>
        </label>
        <a className="button" href={`/api/guilds/${guildId}/analytics.csv?range=${range}`} download>
          {t('exportCsv')}
        </a>
      </div>
      {analytics.data ? (
        <Figures guildId={guildId} data={analytics.data} />
      ) : analytics.error ? (
        <ErrorState error={analytics.error} onRetry={() => void analytics.refetch()} />
      ) : (
        <Loading />
      )}
    </div>
  );
}

function NowPlayingCard({ guildId }: { guildId: string }) {
  const t = useMessages(overviewMessages);
  const queue = useLiveQueue(guildId);
  const snapshot = queue.data?.snapshot;
  return (
    <section className="card" aria-labelledby="now-playing-heading" data-testid="overview-now-playing">
      <h2 id="now-playing-heading">{t('nowPlaying')}</h2>
      {queue.error && !snapshot ? (
        <ErrorState error={queue.error} onRetry={() => void queue.refetch()} />
      ) : !snapshot ? (
        <Loading />
      ) : snapshot.current ? (
        <div className="row" style={{ justifyContent: 'space-between' }}>
          <div style={{ minWidth: 0 }}>
            <strong className="truncate" style={{ display: 'block' }}>
              {snapshot.current.info.title}
            </strong>
            <span className="muted">{snapshot.current.info.author}</span>
            {snapshot.upcoming.length > 0 && (
              <div className="muted">{t('upcoming', { count: snapshot.upcoming.length })}</div>
            )}
          </div>
          <Link className="button" to={`/servers/${guildId}/music`}>
            {t('openMusic')}
          </Link>
        </div>
      ) : (
        <p className="muted">{t('nothingPlaying')}</p>
      )}
    </section>
  );
}

function Figures({ guildId, data }: { guildId: string; data: AnalyticsSummary }) {
  const t = useMessages(overviewMessages);
  const format = useFormat();
  const { locale } = useLocale();
  // Requesters who never logged in to the panel: named by the server, as the queue names them.
  const members = useMemberNames(
    guildId,
    data.topRequesters.filter((requester) => !requester.name).map((requester) => requester.userId),
  );
  return (
    <>
      <section className="grid" aria-label={t('range')}>
        <Stat label={t('plays')} value={format.number(data.plays)} testId="stat-plays" />
        <Stat
          label={t('listeningHours')}
          value={listenedText(data.listeningMs, locale)}
          testId="stat-hours"
        />
        {/* Members untracked (no privileged intent) or none seen yet: missing, not 0. */}
        {!data.members.tracked || data.members.current === null ? (
          <Stat
            label={t('members')}
            value="—"
            note={data.members.tracked ? t('memberNoEventsYet') : t('memberTrackingOff')}
            testId="stat-members"
          />
        ) : (
          <Stat
            label={t('members')}
            value={format.number(data.members.current)}
            note={t('joinsLeaves', { joins: data.members.joins, leaves: data.members.leaves })}
            testId="stat-members"
          />
        )}
      </section>
      <p className="muted" style={{ margin: 0 }}>
        {t('updated', { when: format.dateTime(data.to) })}
      </p>
      <div className="grid" style={{ gridTemplateColumns: 'repeat(auto-fit, minmax(300px, 1fr))' }}>
        <section className="card" aria-labelledby="hours-heading">
          <h2 id="hours-heading">{t('busiestHours')}</h2>
          <BusiestHoursChart hours={data.busiestHours} label={t('plays')} />
          <table className="visually-hidden">
            <caption>{t('busiestHours')}</caption>
            <thead>
              <tr>
                <th>{t('hour')}</th>
                <th>{t('plays')}</th>
              </tr>
            </thead>
            <tbody>
              {data.busiestHours.map((hour) => (
                <tr key={hour.hour}>
                  <td>{`${String(hour.hour).padStart(2, '0')}:00`}</td>
                  <td>{hour.plays}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <section className="card" aria-labelledby="members-heading">
          <h2 id="members-heading">{t('memberTrend')}</h2>
          {data.members.series.length === 0 ? (
            <p className="muted">{t('noMemberData')}</p>
          ) : (
            <>
              <MemberTrendChart series={data.members.series} label={t('members')} />
              <table className="visually-hidden">
                <caption>{t('memberTrend')}</caption>
                <thead>
                  <tr>
                    <th>{t('date')}</th>
                    <th>{t('members')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.members.series.map((day) => (
                    <tr key={day.date}>
                      <td>{format.date(day.date)}</td>
                      <td>{day.memberCount}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
        </section>
      </div>
      <div className="grid" style={{ gridTemplateColumns: 'repeat(auto-fit, minmax(260px, 1fr))' }}>
        <TopList
          title={t('topTracks')}
          testId="top-tracks"
          items={data.topTracks.map((track) => ({
            key: `${track.title}-${track.author}`,
            primary: track.title,
            secondary: track.author,
            value: t('playsCount', { count: track.plays }),
          }))}
        />
        <TopList
          title={t('topArtists')}
          items={data.topArtists.map((artist) => ({
            key: artist.artist,
            primary: artist.artist,
            value: t('playsCount', { count: artist.plays }),
          }))}
        />
        <TopList
          title={t('topRequesters')}
          items={data.topRequesters.map((requester) => ({
            key: requester.userId,
            primary: requester.name ?? members.get(requester.userId)?.displayName ?? t('unknownMember'),
            value: t('playsCount', { count: requester.plays }),
          }))}
        />
        <TopList
          title={t('commands')}
          items={data.commands.slice(0, 10).map((command) => ({
            key: command.command,
            primary: `/${command.command}`,
            value: t('usesCount', { count: command.uses }),
          }))}
        />
      </div>
    </>
  );
}

function Stat({
  label,
  value,
  note,
  testId,
}: {
  label: string;
  value: string;
  note?: string;
  testId: string;
}) {
  return (
    <div className="card">
      <div className="muted">{label}</div>
      <div className="stat" data-testid={testId}>
        {value}
      </div>
      {note && <div className="muted">{note}</div>}
    </div>
  );
}

function TopList({
  title,
  items,
  testId,
}: {
  title: string;
  items: { key: string; primary: string; secondary?: string; value: string }[];
  testId?: string;
}) {
  const t = useMessages(overviewMessages);
  return (
    <section className="card" aria-label={title} data-testid={testId}>
      <h2>{title}</h2>
      {items.length === 0 ? (
        <p className="muted">{t('noData')}</p>
      ) : (
        <ol className="list">
          {items.map((item) => (
            <li key={item.key}>
              <div style={{ flex: 1, minWidth: 0 }}>
                <div className="truncate">{item.primary}</div>
                {item.secondary && <div className="muted truncate">{item.secondary}</div>}
              </div>
              <span className="muted" style={{ whiteSpace: 'nowrap' }}>
                {item.value}
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/**
 * Time heard, in the unit that reads best: seconds under a minute, minutes under an hour, then
 * hours with one decimal ("40 sec", "7 min", "1.8 hr"), so a short session never reads as 0.
 */
export function listenedText(ms: number, locale: Locale): string {
  const unit = (value: number, name: 'second' | 'minute' | 'hour', digits = 0) =>
    new Intl.NumberFormat(locale, {
      style: 'unit',
      unit: name,
      unitDisplay: 'short',
      maximumFractionDigits: digits,
    }).format(value);
  if (ms < 60_000) return unit(Math.round(ms / 1000), 'second');
  if (ms < 3_600_000) return unit(Math.round(ms / 60_000), 'minute');
  return unit(ms / 3_600_000, 'hour', 1);
}
