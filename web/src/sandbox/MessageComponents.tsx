import { useId, useState } from 'react';
import { toast } from 'sonner';
import type { SandboxButton, SandboxMessage, SandboxSelect } from '../../../src/api/sandbox/contract.ts';
import { useMessages } from '../i18n/index.ts';
import { sandboxMessages } from './messages.ts';
import { useClickButton, useSelectMenu } from './queries.ts';
import { failureText } from './refusal-text.ts';

interface Props {
  guildId: string;
  userId: string;
  message: SandboxMessage;
}

function useFailure(message: SandboxMessage) {
  const t = useMessages(sandboxMessages);
  return (error: unknown) => toast.error(failureText(error, t, message.author.name));
}

function Button({ button, guildId, userId, message }: Props & { button: SandboxButton }) {
  const click = useClickButton(guildId);
  const failed = useFailure(message);
  const label = [button.emoji, button.label].filter(Boolean).join(' ') || '…';
  if (button.style === 'link' && button.url && /^https?:\/\//i.test(button.url)) {
    return (
      <a className="button sandbox-button link" href={button.url} target="_blank" rel="noreferrer noopener">
        {label}
      </a>
    );
  }
  const customId = button.customId;
  return (
    <button
      type="button"
      className={`button sandbox-button ${button.style}`}
      disabled={button.disabled || customId === null || click.isPending}
      aria-busy={click.isPending}
      onClick={() => {
        if (customId === null) return;
        click.mutate({ userId, messageId: message.id, customId }, { onError: failed });
      }}
    >
      {label}
    </button>
  );
}

function Select({ select, guildId, userId, message }: Props & { select: SandboxSelect }) {
  const t = useMessages(sandboxMessages);
  const id = useId();
  const pick = useSelectMenu(guildId);
  const failed = useFailure(message);
  const multiple = select.maxValues > 1;
  const [values, setValues] = useState<string[]>(() =>
    select.options.filter((o) => o.default).map((o) => o.value),
  );
  const enough = values.length >= Math.max(1, select.minValues);
  return (
    <form
      className="sandbox-select"
      onSubmit={(event) => {
        event.preventDefault();
        if (!enough) return;
        pick.mutate(
          { userId, messageId: message.id, customId: select.customId, values },
          { onError: failed },
        );
      }}
    >
      <label htmlFor={id} className="visually-hidden">
        {select.placeholder ?? t('selectFallback')}
      </label>
      <select
        id={id}
        multiple={multiple}
        disabled={select.disabled || pick.isPending}
        value={multiple ? values : (values[0] ?? '')}
        onChange={(event) =>
          setValues([...event.target.selectedOptions].map((o) => o.value).filter((v) => v !== ''))
        }
      >
        {!multiple && <option value="">{select.placeholder ?? t('selectFallback')}</option>}
        {select.options.map((option) => (
          <option key={option.value} value={option.value} title={option.description ?? undefined}>
            {[option.emoji, option.label].filter(Boolean).join(' ')}
            {option.description ? ` — ${option.description}` : ''}
          </option>
        ))}
      </select>
      <button type="submit" className="button" disabled={select.disabled || !enough || pick.isPending}>
        {t('choose')}
      </button>
    </form>
  );
}

/** A message's buttons and select menus, used as the chosen demo user. */
export function MessageComponents(props: Props) {
  return (
    <div className="sandbox-components">
      {props.message.components.map((row, rowIndex) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: action rows have no id; their order is their identity
        <div key={rowIndex} className="sandbox-action-row">
          {row.components.map((component, index) =>
            component.kind === 'button' ? (
              <Button key={component.customId ?? `${index}`} button={component} {...props} />
            ) : (
              <Select key={component.customId} select={component} {...props} />
            ),
          )}
        </div>
      ))}
    </div>
  );
}
