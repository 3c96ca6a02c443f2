import type { SandboxEmbed } from '../../../src/api/sandbox/contract.ts';
import { DiscordText, type MentionNames } from './DiscordText.tsx';

/** An http(s) address, or null: embeds come from the bot, and only web links are followed. */
function safeUrl(url: string | null): string | null {
  return url && /^https?:\/\//i.test(url) ? url : null;
}

/** A rich embed as Discord draws it: colour bar, author, title, description, fields, thumbnail, image, footer. */
export function Embed({ embed, names }: { embed: SandboxEmbed; names: MentionNames }) {
  const colour = embed.color === null ? undefined : `#${embed.color.toString(16).padStart(6, '0')}`;
  const titleUrl = safeUrl(embed.url);
  const thumbnail = safeUrl(embed.thumbnailUrl);
  const image = safeUrl(embed.imageUrl);
  return (
    <article className="sandbox-embed" style={colour ? { borderInlineStartColor: colour } : undefined}>
      <div className="sandbox-embed-body">
        {embed.author && <p className="sandbox-embed-author">{embed.author.name}</p>}
        {embed.title && (
          <h4 className="sandbox-embed-title">
            {titleUrl ? (
              <a href={titleUrl} target="_blank" rel="noreferrer noopener">
                {embed.title}
              </a>
            ) : (
              embed.title
            )}
          </h4>
        )}
        {embed.description && (
          <div className="sandbox-embed-description">
            <DiscordText text={embed.description} names={names} />
          </div>
        )}
        {embed.fields.length > 0 && (
          <dl className="sandbox-embed-fields">
            {embed.fields.map((field, index) => (
              <div
                // Fields have no id; their order is their identity.
                // biome-ignore lint/suspicious/noArrayIndexKey: see above
                key={index}
                className={field.inline ? 'sandbox-embed-field inline' : 'sandbox-embed-field'}
              >
                <dt>
                  <DiscordText text={field.name} names={names} />
                </dt>
                <dd>
                  <DiscordText text={field.value} names={names} />
                </dd>
              </div>
            ))}
          </dl>
        )}
        {image && <img className="sandbox-embed-image" src={image} alt="" loading="lazy" />}
        {embed.footer && <p className="sandbox-embed-footer">{embed.footer.text}</p>}
      </div>
      {thumbnail && <img className="sandbox-embed-thumbnail" src={thumbnail} alt="" loading="lazy" />}
    </article>
  );
}
