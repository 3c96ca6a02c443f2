import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { hasPermissions, Permission, parsePermissions } from '../permissions.ts';
import type { OAuthSnapshot } from '../state/snapshot.ts';
import { addBotToGuild } from './guilds.ts';
import type { World } from './world.ts';

/** An OAuth2 error as Discord sends it: `{ error, error_description }`. */
export class OAuthError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    description: string,
  ) {
    super(description);
    this.name = 'OAuthError';
  }

  body(): { error: string; error_description: string } {
    return { error: this.error, error_description: this.message };
  }
}

const KNOWN_SCOPES = new Set([
  'identify',
  'email',
  'guilds',
  'guilds.join',
  'guilds.members.read',
  'connections',
  'bot',
  'applications.commands',
  'applications.commands.permissions.update',
  'role_connections.write',
  'openid',
]);

export interface AuthorizeParams {
  client_id?: string;
  redirect_uri?: string;
  response_type?: string;
  scope?: string;
  state?: string;
  code_challenge?: string;
  code_challenge_method?: string;
  /** Emulator extension: the user who consents (else the configured default user). */
  login_as?: string;
  /** Bot invites: where to add the bot and with which permissions. */
  guild_id?: string;
  permissions?: string;
}

/** A bot invite without a guild: who invites, and where they may. */
export interface GuildChoice {
  applicationName: string;
  guilds: { id: string; name: string; hasBot: boolean }[];
}

export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  refresh_token: string;
  scope: string;
}

interface CodeGrant {
  applicationId: string;
  userId: string;
  redirectUri: string | null;
  scopes: string[];
  challenge: string | null;
  expiresAt: number;
}

/** An access token's grant. */
export interface BearerGrant {
  applicationId: string;
  userId: string;
  scopes: string[];
  expiresAt: number;
}

const TOKEN_LIFETIME_S = 604_800;
const CODE_LIFETIME_MS = 10 * 60_000;

/**
 * Discord's OAuth2 authorization-code flow with PKCE (S256), consenting automatically as an emulated
 * user. Codes are single-use and expire after 10 minutes; access tokens after 7 days.
 */
export class OAuthService {
  private readonly codes = new Map<string, CodeGrant>();
  private readonly accessTokens = new Map<string, BearerGrant>();
  private readonly refreshTokens = new Map<string, Omit<BearerGrant, 'expiresAt'>>();

  constructor(
    private readonly world: World,
    /** The user who consents when `login_as` is absent. */
    public defaultUserId: string | null = null,
  ) {}

  /**
   * Handles `GET /oauth2/authorize`: returns where to redirect, a result for bot-only invites, or
   * the servers to choose from for a bot invite that names none.
   */
  authorize(
    params: AuthorizeParams,
  ): { redirect: string } | { result: Record<string, unknown> } | { chooseGuild: GuildChoice } {
    const app = params.client_id ? this.world.store.applications.get(params.client_id) : undefined;
    if (!app) throw new OAuthError(400, 'invalid_client', 'Unknown client_id');
    const redirectUri = params.redirect_uri ?? null;
    if (redirectUri && app.redirectUris.length > 0 && !app.redirectUris.includes(redirectUri)) {
      throw new OAuthError(400, 'invalid_request', 'Invalid OAuth2 redirect_uri');
    }
    const scopes = (params.scope ?? '').split(/[\s+]+/).filter(Boolean);
    const fail = (error: string, description: string) => {
      if (!redirectUri) throw new OAuthError(400, error, description);
      return {
        redirect: withQuery(redirectUri, { error, error_description: description, state: params.state }),
      };
    };
    if (scopes.length === 0 || scopes.some((s) => !KNOWN_SCOPES.has(s)))
      return fail('invalid_scope', 'Invalid scope');
    const userId = params.login_as ?? this.defaultUserId;
    if (!userId || !this.world.store.users.has(userId)) {
      throw new OAuthError(
        400,
        'invalid_request',
        `No emulated user to log in as (login_as=${params.login_as ?? ''})`,
      );
    }
    if (params.code_challenge && (params.code_challenge_method ?? 'plain') !== 'S256') {
      return fail('invalid_request', 'Only code_challenge_method=S256 is supported');
    }
    if (scopes.includes('bot') && !params.guild_id) {
      // Discord asks which server; so does the emulator's page (a JSON client gets the old 400).
      return {
        chooseGuild: { applicationName: app.name, guilds: this.invitableGuilds(app.botUserId, userId) },
      };
    }
    if (scopes.includes('bot')) this.inviteBot(app.id, userId, params);
    if (
      !scopes.some((s) => s !== 'bot' && s !== 'applications.commands') &&
      params.response_type !== 'code'
    ) {
      if (redirectUri)
        return { redirect: withQuery(redirectUri, { guild_id: params.guild_id, state: params.state }) };
      return { result: { authorized: true, guild_id: params.guild_id ?? null } };
    }
    if (params.response_type !== 'code')
      return fail('unsupported_response_type', 'response_type must be code');
    if (!redirectUri) throw new OAuthError(400, 'invalid_request', 'redirect_uri is required');
    const code = randomBytes(20).toString('base64url');
    this.codes.set(code, {
      applicationId: app.id,
      userId,
      redirectUri,
      scopes,
      challenge: params.code_challenge ?? null,
      expiresAt: Date.now() + CODE_LIFETIME_MS,
    });
    return { redirect: withQuery(redirectUri, { code, state: params.state, guild_id: params.guild_id }) };
  }

  /** The guilds the user may add a bot to (Manage Server), as Discord's invite page lists them. */
  private invitableGuilds(botUserId: string, userId: string): GuildChoice['guilds'] {
    return this.world.store
      .guildsOfUser(userId)
      .filter((g) => hasPermissions(this.world.store.permissions(g.id, userId), Permission.MANAGE_GUILD))
      .map((g) => ({
        id: g.id,
        name: g.name,
        hasBot: g.members.has(botUserId),
      }));
  }

  private inviteBot(applicationId: string, userId: string, params: AuthorizeParams): void {
    const guild = params.guild_id ? this.world.store.guilds.get(params.guild_id) : undefined;
    if (!guild) throw new OAuthError(400, 'invalid_request', 'A bot invite needs an existing guild_id');
    const permissions = this.world.store.permissions(guild.id, userId);
    if (!hasPermissions(permissions, Permission.MANAGE_GUILD)) {
      throw new OAuthError(403, 'access_denied', 'You need Manage Server to add a bot to this guild');
    }
    addBotToGuild(this.world, guild.id, applicationId, parsePermissions(params.permissions ?? '0'));
  }

  /** Handles `POST /oauth2/token` (form fields; client credentials in the form or HTTP Basic). */
  token(
    form: Record<string, string | undefined>,
    basic: { id: string; secret: string } | null,
  ): TokenResponse {
    const clientId = basic?.id ?? form.client_id;
    const clientSecret = basic?.secret ?? form.client_secret;
    const app = clientId ? this.world.store.applications.get(clientId) : undefined;
    if (!app) throw new OAuthError(401, 'invalid_client', 'Unknown client');
    if (clientSecret !== undefined && !safeEqual(clientSecret, app.clientSecret)) {
      throw new OAuthError(401, 'invalid_client', 'Invalid client secret');
    }
    if (form.grant_type === 'authorization_code') {
      const grant = form.code ? this.codes.get(form.code) : undefined;
      // Single use: a code is gone after the first attempt, right or wrong, as OAuth2 recommends.
      if (form.code) this.codes.delete(form.code);
      if (!grant || grant.expiresAt < Date.now() || grant.applicationId !== app.id) {
        throw new OAuthError(400, 'invalid_grant', 'Invalid "code" in request.');
      }
      if ((form.redirect_uri ?? null) !== grant.redirectUri) {
        throw new OAuthError(400, 'invalid_grant', 'Invalid "redirect_uri" in request.');
      }
      if (grant.challenge) {
        const verifier = form.code_verifier;
        if (
          !verifier ||
          !safeEqual(createHash('sha256').update(verifier).digest('base64url'), grant.challenge)
        ) {
          throw new OAuthError(400, 'invalid_grant', 'Invalid "code_verifier" in request.');
        }
      } else if (clientSecret === undefined) {
        throw new OAuthError(401, 'invalid_client', 'A client secret is needed without PKCE');
      }
      return this.issue(app.id, grant.userId, grant.scopes);
    }
    if (form.grant_type === 'refresh_token') {
      const grant = form.refresh_token ? this.refreshTokens.get(form.refresh_token) : undefined;
      if (!grant || grant.applicationId !== app.id)
        throw new OAuthError(400, 'invalid_grant', 'Invalid "refresh_token" in request.');
      if (form.refresh_token) this.refreshTokens.delete(form.refresh_token);
      return this.issue(app.id, grant.userId, grant.scopes);
    }
    throw new OAuthError(400, 'unsupported_grant_type', 'Unsupported grant type');
  }

  /** Issues tokens directly (the control API's shortcut past the browser dance). */
  issue(applicationId: string, userId: string, scopes: string[]): TokenResponse {
    const accessToken = randomBytes(24).toString('base64url');
    const refreshToken = randomBytes(24).toString('base64url');
    this.accessTokens.set(accessToken, {
      applicationId,
      userId,
      scopes,
      expiresAt: Date.now() + TOKEN_LIFETIME_S * 1000,
    });
    this.refreshTokens.set(refreshToken, { applicationId, userId, scopes });
    return {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: TOKEN_LIFETIME_S,
      refresh_token: refreshToken,
      scope: scopes.join(' '),
    };
  }

  /** The live grants, to be stored with the world (a restarted sandbox keeps its logins). */
  exportGrants(now = Date.now()): OAuthSnapshot {
    return {
      defaultUserId: this.defaultUserId,
      accessTokens: [...this.accessTokens].filter(([, grant]) => grant.expiresAt > now),
      refreshTokens: [...this.refreshTokens],
    };
  }

  /** Takes back stored grants (codes are not stored: a login in flight starts again). */
  importGrants(stored: OAuthSnapshot): void {
    this.defaultUserId = stored.defaultUserId;
    for (const [token, grant] of stored.accessTokens) {
      if (grant.expiresAt !== undefined)
        this.accessTokens.set(token, { ...grant, expiresAt: grant.expiresAt });
    }
    for (const [token, { applicationId, userId, scopes }] of stored.refreshTokens) {
      this.refreshTokens.set(token, { applicationId, userId, scopes });
    }
  }

  /** The grant behind a Bearer token, if valid. */
  bearer(accessToken: string): BearerGrant | undefined {
    const grant = this.accessTokens.get(accessToken);
    if (!grant || grant.expiresAt < Date.now()) return undefined;
    return grant;
  }

  /**
   * `POST /oauth2/token/revoke` (form `token`, `token_type_hint`; client credentials as for the
   * token endpoint). As on Discord, revoking any valid token ends every access and refresh token
   * of that user for the application.
   */
  revoke(form: Record<string, string | undefined>, basic: { id: string; secret: string } | null): void {
    const clientId = basic?.id ?? form.client_id;
    const clientSecret = basic?.secret ?? form.client_secret;
    const app = clientId ? this.world.store.applications.get(clientId) : undefined;
    if (!app) throw new OAuthError(401, 'invalid_client', 'Unknown client');
    if (clientSecret !== undefined && !safeEqual(clientSecret, app.clientSecret)) {
      throw new OAuthError(401, 'invalid_client', 'Invalid client secret');
    }
    const token = form.token ?? '';
    const grant = this.accessTokens.get(token) ?? this.refreshTokens.get(token);
    if (!grant || grant.applicationId !== app.id) return;
    for (const tokens of [this.accessTokens, this.refreshTokens]) {
      for (const [key, other] of tokens) {
        if (other.applicationId === app.id && other.userId === grant.userId) tokens.delete(key);
      }
    }
  }
}

function withQuery(base: string, params: Record<string, string | undefined>): string {
  const url = new URL(base);
  for (const [key, value] of Object.entries(params))
    if (value !== undefined) url.searchParams.set(key, value);
  return url.toString();
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
