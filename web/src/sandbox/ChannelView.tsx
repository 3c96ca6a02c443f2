import { type ReactNode, useEffect, useRef } from 'react';
import type { SandboxMessage } from '../../../src/api/sandbox/contract.ts';
import { ErrorState, Loading } from '../components/index.ts';
import { useFormat, useMessages } from '../i18n/index.ts';
import { DiscordText, type MentionNames } from './DiscordText.tsx';
import { Embed } from './Embed.tsx';
import { MessageComponents } from './MessageComponents.tsx';
import { sandboxMessages } from './messages.ts';
import { useChannelMessages } from './queries.ts';

/** A coloured circle with the initial: the demo users have no avatars. */
export function Initial({ name, bot }: { name: string; bot: boolean }) {
  return (
    <span className={bot ? 'avatar sandbox-avatar bot' : 'avatar sandbox-avatar'} aria-hidden="true">
      {name.slice(0, 1).toUpperCase()}
    </span>
  );
}

function MessageItem({
  message,
  guildId,
  userId,
  names,
}: {
  message: SandboxMessage;
  guildId: string;
  userId: string;
  names: MentionNames;
}) {
  const t = useMessages(sandboxMessages);
  const format = useFormat();
  const command = message.command;
  return (
    <li
      className={message.ephemeral ? 'sandbox-message ephemeral' : 'sandbox-message'}
      data-testid="sandbox-message"
    >
      {command && (
        <p className="sandbox-command-line muted">
          {command.name
            ? t('usedCommand', { user: command.user.name, command: command.text ?? `/${command.name}` })
            : t('usedComponent', { user: command.user.name })}
        </p>
      )}
      <div className="sandbox-message-row">
        <Initial name={message.author.name} bot={message.author.bot} />
        <div className="sandbox-message-body">
          <p className="sandbox-message-head">
            <strong>{message.author.name}</strong>
            {message.author.bot && <span className="badge live">{t('botBadge')}</span>}
            <time className="muted" dateTime={message.timestamp}>
              {format.dateTime(message.timestamp)}
            </time>
            {message.editedTimestamp && <span className="muted">{t('edited')}</span>}
          </p>
          {message.content && (
            <div className="sandbox-content">
              <DiscordText text={message.content} names={names} />
            </div>
          )}
          {message.embeds.map((embed, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: embeds have no id; their order is their identity
            <Embed key={index} embed={embed} names={names} />
          ))}
          {message.attachments.length > 0 && (
            <ul className="list">
              {message.attachments.map((attachment) => (
                <li key={attachment.url}>{attachment.filename}</li>
              ))}
            </ul>
          )}
          {message.components.length > 0 && (
            <MessageComponents guildId={guildId} userId={userId} message={message} />
          )}
          {message.ephemeral && <p className="sandbox-ephemeral-note">{t('onlyYou')}</p>}
        </div>
      </div>
    </li>
  );
}

/** A text channel's conversation as the chosen user sees it, kept scrolled to the newest. */
export function ChannelView({
  guildId,
  channelId,
  channelName,
  userId,
  names,
}: {
  guildId: string;
  channelId: string;
  channelName: string;
  userId: string;
  names: MentionNames;
}) {
  const t = useMessages(sandboxMessages);
  const messages = useChannelMessages(guildId, channelId, userId);
  const scroller = useRef<HTMLDivElement>(null);
  const lastId = messages.data?.at(-1)?.id;
  // Whether the reader is at the newest message; scrolling up to read stops the following.
  const following = useRef(true);

  useEffect(() => {
    const element = scroller.current;
    if (element && lastId !== undefined && following.current) element.scrollTop = element.scrollHeight;
  }, [lastId]);

  let body: ReactNode;
  if (messages.data) {
    body =
      messages.data.length === 0 ? (
        <p className="muted sandbox-empty">{t('empty')}</p>
      ) : (
        <ol className="sandbox-messages" aria-live="polite" aria-relevant="additions">
          {messages.data.map((message) => (
            <MessageItem key={message.id} message={message} guildId={guildId} userId={userId} names={names} />
          ))}
        </ol>
      );
  } else if (messages.error) {
    body = <ErrorState error={messages.error} onRetry={() => void messages.refetch()} />;
  } else {
    body = <Loading />;
  }
  return (
    <section className="sandbox-channel" aria-label={t('conversation', { channel: channelName })}>
      <div
        ref={scroller}
        className="sandbox-scroller"
        data-testid="sandbox-conversation"
        // Focusable, so the conversation scrolls with the keyboard too.
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
        tabIndex={0}
        onScroll={(event) => {
          const element = event.currentTarget;
          following.current = element.scrollHeight - element.scrollTop - element.clientHeight < 40;
        }}
      >
        {body}
      </div>
    </section>
  );
}
