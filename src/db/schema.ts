import { index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * The core tables: guilds, users and panel logins. Each capability keeps its own tables in its
 * folder (`src/<capability>/schema.ts`, listed in its `tables`); drizzle.config.ts reads them
 * all, so there is still one migration history. Every change to any of them is followed by
 * `npm run db:generate`, which writes a new SQL migration under `drizzle/`; those files are
 * committed and applied by `gramophone migrate`.
 */

/** created_at and updated_at, as most tables have them. */
export const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
};

/** A Discord guild the bot has seen. `leftAt` is set while the bot is not in it. */
export const guilds = pgTable('guilds', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  icon: text('icon'),
  ownerId: text('owner_id'),
  joinedAt: timestamp('joined_at', { withTimezone: true }),
  leftAt: timestamp('left_at', { withTimezone: true }),
  ...timestamps,
});

/** A Discord user who logged in to the panel or used the bot. */
export const users = pgTable('users', {
  id: text('id').primaryKey(),
  username: text('username').notNull(),
  globalName: text('global_name'),
  avatar: text('avatar'),
  /** Discord's locale for the user, refreshed at every login. */
  locale: text('locale'),
  /** The language the user chose in the panel (`en`, `de`, …); a login leaves it alone. */
  panelLocale: text('panel_locale'),
  ...timestamps,
});

/**
 * A control panel login. The cookie holds a random 256-bit secret; only its SHA-256 is stored,
 * so a database leak does not hand out sessions. `id` is the public handle (listing, revoking).
 * The user's Discord tokens live here, server-side only, to list their guilds.
 */
export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    tokenHash: text('token_hash').notNull().unique(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    csrfToken: text('csrf_token').notNull(),
    userAgent: text('user_agent'),
    discordAccessToken: text('discord_access_token').notNull(),
    discordRefreshToken: text('discord_refresh_token'),
    discordTokenExpiresAt: timestamp('discord_token_expires_at', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (table) => [index('sessions_user_idx').on(table.userId)],
);

/**
 * An OAuth2 login in progress: the state (hashed) and its PKCE verifier, kept until the
 * callback or a few minutes at most.
 */
export const oauthLoginAttempts = pgTable('oauth_login_attempts', {
  stateHash: text('state_hash').primaryKey(),
  codeVerifier: text('code_verifier').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
});
