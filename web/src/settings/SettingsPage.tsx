import { useParams } from 'react-router';
import { ErrorState, Loading } from '../components/index.ts';
import { useMessages } from '../i18n/index.ts';
import { settingsMessages } from './messages.ts';
import { useGuildSettings, useSettingsSchema } from './queries.ts';
import { SettingsForm } from './SettingsForm.tsx';
import './settings.css';

/** `/servers/:guildId/settings`: the server's settings, as a form generated from their schema. */
export default function SettingsPage() {
  const { guildId = '' } = useParams();
  const t = useMessages(settingsMessages);
  const schema = useSettingsSchema(guildId);
  const settings = useGuildSettings(guildId);
  const failed = schema.error ?? settings.error;
  return (
    <section className="stack" aria-labelledby="settings-title">
      <div>
        <h2 id="settings-title">{t('title')}</h2>
        <p className="muted">{t('intro')}</p>
      </div>
      {schema.data && settings.data ? (
        <SettingsForm key={guildId} guildId={guildId} schema={schema.data} initial={settings.data} />
      ) : failed ? (
        <ErrorState
          error={failed}
          onRetry={() => {
            if (schema.error) void schema.refetch();
            if (settings.error) void settings.refetch();
          }}
        />
      ) : (
        <Loading />
      )}
    </section>
  );
}
