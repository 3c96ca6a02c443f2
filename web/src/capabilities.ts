import { analyticsPages } from './analytics/pages.ts';
import type { CapabilityPages, GuildPage, TopLevelPage } from './app/capability.ts';
import { musicPages } from './music/pages.ts';
import { panelPages } from './panel/pages.ts';
import { sandboxPages } from './sandbox/pages.ts';
import { settingsPages } from './settings/pages.ts';

/** Every capability of the dashboard, one line each: the routes and navigation are built from this list. */
export const capabilities: readonly CapabilityPages[] = [
  panelPages,
  analyticsPages,
  musicPages,
  settingsPages,
  sandboxPages,
];

/** A server's pages, in tab order. */
export const guildPages: readonly GuildPage[] = capabilities
  .flatMap((capability) => capability.guild ?? [])
  .sort((a, b) => a.tab.order - b.tab.order);

/** The top-level pages. */
export const topLevelPages: readonly TopLevelPage[] = capabilities.flatMap(
  (capability) => capability.topLevel ?? [],
);

/** The top-level pages with a link in the main navigation, in nav order. */
export const navPages = topLevelPages
  .flatMap((page) => (page.nav ? [{ path: page.path, ...page.nav }] : []))
  .sort((a, b) => a.order - b.order);
