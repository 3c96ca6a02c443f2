import type { ReactNode } from 'react';

/** Names to show for mentions: users (and the bot) and channels by id. */
export interface MentionNames {
  users: Map<string, string>;
  channels: Map<string, string>;
}

// Code first (nothing inside code is formatted), then the inline marks, mentions and links.
const TOKENS =
  /(```[\s\S]*?```|`[^`\n]+`|\*\*[\s\S]+?\*\*|__[\s\S]+?__|~~[\s\S]+?~~|\*[^*\n]+\*|_[^_\n]+_|<@!?\d+>|<@&\d+>|<#\d+>|\[[^\]\n]+\]\(https?:\/\/[^\s)]+\)|https?:\/\/[^\s<>]+)/;

function plain(text: string, key: string): ReactNode[] {
  // biome-ignore lint/suspicious/noArrayIndexKey: the lines of one text never move
  return text.split('\n').flatMap((line, i) => (i === 0 ? [line] : [<br key={`${key}-br${i}`} />, line]));
}

function token(part: string, key: string, names: MentionNames): ReactNode {
  if (part.startsWith('```')) {
    return (
      <pre key={key} className="sandbox-codeblock">
        <code>{part.slice(3, -3).replace(/^[a-z]*\n/, '')}</code>
      </pre>
    );
  }
  if (part.startsWith('`')) return <code key={key}>{part.slice(1, -1)}</code>;
  if (part.startsWith('**')) return <strong key={key}>{render(part.slice(2, -2), names, key)}</strong>;
  if (part.startsWith('__')) return <u key={key}>{render(part.slice(2, -2), names, key)}</u>;
  if (part.startsWith('~~')) return <s key={key}>{render(part.slice(2, -2), names, key)}</s>;
  if (part.startsWith('<@&'))
    return (
      <span key={key} className="sandbox-mention">
        @role
      </span>
    );
  if (part.startsWith('<@')) {
    const id = part.replace(/\D/g, '');
    return (
      <span key={key} className="sandbox-mention">
        @{names.users.get(id) ?? id}
      </span>
    );
  }
  if (part.startsWith('<#')) {
    const id = part.replace(/\D/g, '');
    return (
      <span key={key} className="sandbox-mention">
        #{names.channels.get(id) ?? id}
      </span>
    );
  }
  const masked = /^\[([^\]]+)\]\((.+)\)$/.exec(part);
  if (masked) {
    return (
      <a key={key} href={masked[2]} target="_blank" rel="noreferrer noopener">
        {masked[1]}
      </a>
    );
  }
  if (part.startsWith('http')) {
    return (
      <a key={key} href={part} target="_blank" rel="noreferrer noopener">
        {part}
      </a>
    );
  }
  if (part.startsWith('*') || part.startsWith('_')) {
    return <em key={key}>{render(part.slice(1, -1), names, key)}</em>;
  }
  return plain(part, key);
}

function render(text: string, names: MentionNames, prefix: string): ReactNode[] {
  return text
    .split(TOKENS)
    .map((part, i) => (i % 2 === 1 ? token(part, `${prefix}.${i}`, names) : plain(part, `${prefix}.${i}`)));
}

/** Discord's markdown, the common part: bold, italics, underline, strike, code, mentions and links. Never HTML. */
export function DiscordText({ text, names }: { text: string; names: MentionNames }) {
  return <>{render(text, names, 't')}</>;
}
