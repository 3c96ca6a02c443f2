import type { ComponentType } from 'react';
import type { PanelMeta } from '../../../src/api/contract.ts';
import type { Locale } from '../i18n/index.ts';

/**
 * What a capability folder (`web/src/<capability>/pages.ts`) brings to the dashboard: its pages,
 * each with its place in the navigation. web/src/capabilities.ts lists every capability; the
 * routes and both navigations are built from that list, so a capability adds a page by adding
 * its folder and one line there.
 */
export interface CapabilityPages {
  /** Pages of one server, under `/servers/:guildId`, each a tab of the server's navigation. */
  guild?: GuildPage[];
  /** Pages of their own, at the top level (`/account`, `/sandbox`). */
  topLevel?: TopLevelPage[];
}

/** A nav entry's text in every language the dashboard speaks (the nav loads before any page). */
export type NavLabel = Record<Locale, string>;

/** Loads a page: its module's default export, in a chunk of its own. */
export type PageLoader = () => Promise<{ default: ComponentType }>;

export interface GuildPage {
  /** Below `/servers/:guildId/`; '' is the server's first page. */
  path: string;
  /** Its tab, in `order` (smaller first). */
  tab: { order: number; label: NavLabel };
  load: PageLoader;
}

/** What decides whether a top-level page is in the main navigation. */
export interface NavContext {
  loggedIn: boolean;
  meta: PanelMeta | undefined;
}

export interface TopLevelPage {
  /** The absolute path, e.g. `/account`. */
  path: string;
  /** Without a session the page offers the login instead. */
  login?: boolean;
  /** Its link in the main navigation, in `order`, when `shown` says so; none without. */
  nav?: { order: number; label: NavLabel; shown: (context: NavContext) => boolean };
  /**
   * `load` for a page of its own chunk; `component` only for the landing page, which is the
   * first page and so ships in the first chunk.
   */
  page: { load: PageLoader } | { component: ComponentType };
}
