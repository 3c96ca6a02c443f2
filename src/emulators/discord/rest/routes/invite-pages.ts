import type { GuildChoice } from '../../domain/oauth.ts';

/**
 * The pages a browser sees for a bot invite, as Discord shows them: pick a server, then
 * "authorized". Plain HTML with one GET form, no script: the form sends the same query back with
 * `guild_id`, which adds the bot (GUILD_CREATE to its sessions).
 */

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:16px system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem}
label{display:block;margin:.5rem 0}button{font:inherit;padding:.4rem 1rem;margin-top:1rem}</style>
</head><body>${body}</body></html>`;
}

/** Whether the request comes from a browser (a page, not a JSON client). */
export function wantsHtml(accept: string | undefined): boolean {
  return (accept ?? '').includes('text/html');
}

/** The server picker: every server the user manages, those with the bot already greyed out. */
export function chooseGuildPage(choice: GuildChoice, query: Record<string, unknown>): string {
  const title = `Add ${choice.applicationName} to a server`;
  const hidden = Object.entries(query)
    .filter(([key, value]) => key !== 'guild_id' && typeof value === 'string')
    .map(
      ([key, value]) =>
        `<input type="hidden" name="${escapeHtml(key)}" value="${escapeHtml(String(value))}">`,
    )
    .join('');
  const options = choice.guilds
    .map(
      (g, i) =>
        `<label><input type="radio" name="guild_id" value="${escapeHtml(g.id)}"${g.hasBot ? ' disabled' : ''}${
          i === choice.guilds.findIndex((x) => !x.hasBot) ? ' checked' : ''
        }> ${escapeHtml(g.name)}${g.hasBot ? ' (already added)' : ''}</label>`,
    )
    .join('');
  const free = choice.guilds.some((g) => !g.hasBot);
  return page(
    title,
    `<h1>${escapeHtml(title)}</h1><p>Discord emulator: choose a server you manage.</p>
<form method="get" action="">${hidden}<fieldset><legend>Server</legend>${
      options || '<p>You manage no server.</p>'
    }</fieldset>${free ? '<button type="submit">Authorize</button>' : ''}</form>`,
  );
}

/** After the invite: where the bot went, and the way back when the browser came from a page. */
export function authorizedPage(applicationName: string, guildName: string, back: string | null): string {
  const title = `${applicationName} was added to ${guildName}`;
  const link = back ? `<p><a href="${escapeHtml(back)}">Back</a></p>` : '<p>You may close this tab.</p>';
  return page(title, `<h1>Authorized</h1><p>${escapeHtml(title)}.</p>${link}`);
}
