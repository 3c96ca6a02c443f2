import { type FormEvent, useId, useState } from 'react';
import type { SandboxCommand } from '../../../src/api/sandbox/contract.ts';
import { type Translate, useMessages } from '../i18n/index.ts';
import { sandboxMessages } from './messages.ts';
import {
  autocompleteQuestion,
  type ParseError,
  parseCommand,
  suggest,
  typedValue,
  usageOf,
  type Vocabulary,
} from './parse-command.ts';
import { useAutocomplete, useRunCommand, useSendMessage } from './queries.ts';
import { failureText } from './refusal-text.ts';

type Key = keyof (typeof sandboxMessages)['en'];

function describeParseError(error: ParseError, t: Translate<Key>): string {
  switch (error.kind) {
    case 'unknownCommand':
      return t('errUnknownCommand', { name: error.name });
    case 'missingSubcommand':
      return t('errMissingSubcommand', { command: error.command, choices: error.choices });
    case 'noFreeText':
      return t('errNoFreeText', { command: error.command });
    case 'badValue':
      return t('errBadValue', { option: error.option, expected: error.expected });
    case 'missingOption':
      return t('errMissingOption', { option: error.option });
  }
}

/**
 * Where the chosen user types: `/play gramophone demo` runs a slash command (suggestions come
 * from the bot's registered commands, named and described in the user's client language, as
 * Discord shows them), anything else is a plain message in the channel.
 */
export function CommandBox({
  guildId,
  userId,
  channelId,
  botName,
  commands,
  vocabulary,
}: {
  guildId: string;
  userId: string;
  channelId: string;
  botName: string;
  commands: SandboxCommand[];
  vocabulary: Vocabulary;
}) {
  const t = useMessages(sandboxMessages);
  const inputId = useId();
  const listId = useId();
  const hintId = useId();
  const errorId = useId();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const run = useRunCommand(guildId);
  const send = useSendMessage(guildId);
  const pending = run.isPending || send.isPending;
  const usage = text.startsWith('/') ? usageOf(text, commands, vocabulary) : null;
  const question = autocompleteQuestion(text, commands, vocabulary);
  const choices = useAutocomplete(guildId, question ? { ...question.request, userId, channelId } : null);
  // The bot's own suggestions first (what Discord shows for an autocomplete option), then ours.
  const suggestions = [
    ...(question && choices.data
      ? choices.data.map((c) => ({ value: `${question.before}${typedValue(c.value)} `, label: c.name }))
      : []),
    ...suggest(text, commands, vocabulary),
  ];

  const failed = (cause: unknown) => setError(failureText(cause, t, botName));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const line = text.trim();
    if (!line || pending) return;
    setError(null);
    if (!line.startsWith('/')) {
      send.mutate({ userId, channelId, content: line }, { onSuccess: () => setText(''), onError: failed });
      return;
    }
    const parsed = parseCommand(line, commands, vocabulary);
    if (!parsed.ok) {
      setError(describeParseError(parsed.error, t));
      return;
    }
    run.mutate(
      { ...parsed.value, userId, channelId, text: line },
      { onSuccess: () => setText(''), onError: failed },
    );
  };

  return (
    <form className="sandbox-command-box" onSubmit={submit}>
      <div className="field">
        <label htmlFor={inputId}>{t('commandLabel')}</label>
        <div className="row sandbox-command-row">
          <input
            id={inputId}
            list={listId}
            value={text}
            autoComplete="off"
            spellCheck={false}
            placeholder="/play gramophone demo"
            aria-invalid={error !== null}
            aria-describedby={error ? `${errorId} ${hintId}` : hintId}
            onChange={(event) => {
              setText(event.target.value);
              setError(null);
            }}
            data-testid="sandbox-command"
          />
          <button type="submit" className="button primary" disabled={pending || text.trim() === ''}>
            {t('send')}
          </button>
        </div>
        <datalist id={listId}>
          {suggestions.map((s) => (
            <option key={s.value} value={s.value} label={s.label} />
          ))}
        </datalist>
        <div id={hintId} className="hint" data-testid="sandbox-usage">
          {usage ? (
            <>
              <p>
                <code>{usage.usage}</code> — {usage.description}
              </p>
              {usage.subcommands && (
                <ul aria-label={t('subcommands')} className="sandbox-subcommands">
                  {usage.subcommands.map((sub) => (
                    <li key={sub.usage}>
                      <code>{sub.usage}</code> — {sub.description}
                    </li>
                  ))}
                </ul>
              )}
            </>
          ) : (
            <p>{t('commandHint')}</p>
          )}
        </div>
        {error && (
          <p id={errorId} className="error" role="alert">
            {error}
          </p>
        )}
      </div>
      <p className="muted sandbox-thinking" role="status" aria-live="polite">
        {run.isPending ? t('thinking', { bot: botName }) : ''}
      </p>
    </form>
  );
}
