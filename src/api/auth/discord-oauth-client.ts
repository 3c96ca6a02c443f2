import { z } from 'zod';
import { ApiError } from '../errors.ts';

/** What the panel needs to talk OAuth2 to Discord (or the emulator). */
export interface DiscordOAuthSettings {
  clientId: string;
  clientSecret: string | undefined;
  authorizeUrl: string;
  /** `DISCORD_API_URL`, e.g. `https://discord.com/api`. */
  apiUrl: string;
  redirectUri: string;
}

const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1).optional(),
  expires_in: z.number().positive(),
  scope: z.string().optional(),
});

const userSchema = z.object({
  id: z.string(),
  username: z.string(),
  global_name: z.string().nullish(),
  avatar: z.string().nullish(),
  locale: z.string().nullish(),
});

const userGuildSchema = z.object({
  id: z.string(),
  name: z.string(),
  icon: z.string().nullish(),
  owner: z.boolean(),
  permissions: z.string().regex(/^\d+$/),
});

export interface DiscordTokens {
  accessToken: string;
  refreshToken: string | null;
  expiresAt: Date;
}
export type DiscordUser = z.output<typeof userSchema>;
export type DiscordUserGuild = z.output<typeof userGuildSchema>;

/** Raised when Discord refuses a token (expired, revoked): the session must log in again. */
export class DiscordTokenRejected extends ApiError {
  constructor() {
    super(401, 'DISCORD_TOKEN_EXPIRED', 'Discord no longer accepts this login; log in again.');
  }
}

/**
 * Discord's OAuth2 endpoints and the two user routes the panel reads, over fetch. Every
 * answer is validated; a Discord outage is a 502 `DISCORD_UNAVAILABLE`.
 */
export class DiscordOAuthClient {
  constructor(
    private readonly settings: DiscordOAuthSettings,
    private readonly timeoutMs = 10_000,
  ) {}

  /** Where Discord sends the browser back (on the panel's public URL). */
  get redirectUri(): string {
    return this.settings.redirectUri;
  }

  /** The authorize URL for a login with `identify guilds`, a state and a PKCE S256 challenge. */
  authorizeUrl(state: string, codeChallenge: string): string {
    const url = new URL(this.settings.authorizeUrl);
    url.search = new URLSearchParams({
      client_id: this.settings.clientId,
      response_type: 'code',
      scope: 'identify guilds',
      redirect_uri: this.settings.redirectUri,
      state,
      code_challenge: codeChallenge,
      code_challenge_method: 'S256',
      prompt: 'none',
    }).toString();
    return url.toString();
  }

  /** A bot invite preselecting `guildId`, or letting the user pick a server when it is null. */
  inviteUrl(guildId: string | null, permissions: bigint): string {
    const url = new URL(this.settings.authorizeUrl);
    const params: Record<string, string> = {
      client_id: this.settings.clientId,
      scope: 'bot applications.commands',
      permissions: permissions.toString(),
    };
    if (guildId !== null) Object.assign(params, { guild_id: guildId, disable_guild_select: 'true' });
    url.search = new URLSearchParams(params).toString();
    return url.toString();
  }

  exchangeCode(code: string, codeVerifier: string): Promise<DiscordTokens> {
    return this.#token({
      grant_type: 'authorization_code',
      code,
      redirect_uri: this.settings.redirectUri,
      code_verifier: codeVerifier,
    });
  }

  refresh(refreshToken: string): Promise<DiscordTokens> {
    return this.#token({ grant_type: 'refresh_token', refresh_token: refreshToken });
  }

  async currentUser(accessToken: string): Promise<DiscordUser> {
    return userSchema.parse(await this.#get('/users/@me', accessToken));
  }

  async currentUserGuilds(accessToken: string): Promise<DiscordUserGuild[]> {
    return z.array(userGuildSchema).parse(await this.#get('/users/@me/guilds', accessToken));
  }

  /**
   * Revokes a token at Discord (`POST /oauth2/token/revoke`, form-encoded, the client's
   * credentials in HTTP Basic). Discord then ends every token of that user for this application,
   * not only this one. Throws when Discord can't be reached or refuses.
   */
  async revoke(token: string, hint: 'access_token' | 'refresh_token', timeoutMs = 5_000): Promise<void> {
    const body = new URLSearchParams({ token, token_type_hint: hint });
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
    const { clientId, clientSecret } = this.settings;
    if (clientSecret) {
      const credentials = `${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`;
      headers.authorization = `Basic ${Buffer.from(credentials).toString('base64')}`;
    } else {
      body.set('client_id', clientId);
    }
    const response = await this.#fetch(
      `${this.settings.apiUrl}/v10/oauth2/token/revoke`,
      { method: 'POST', headers, body },
      timeoutMs,
    );
    // Read to the end so the connection is reused; the body says nothing we need.
    await response.arrayBuffer().catch(() => undefined);
    if (!response.ok) throw unavailable(`token revocation answered ${response.status}`);
  }

  async #token(form: Record<string, string>): Promise<DiscordTokens> {
    const body = new URLSearchParams({ ...form, client_id: this.settings.clientId });
    if (this.settings.clientSecret) body.set('client_secret', this.settings.clientSecret);
    const response = await this.#fetch(`${this.settings.apiUrl}/v10/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body,
    });
    if (response.status === 400 || response.status === 401) throw new DiscordTokenRejected();
    if (!response.ok) throw unavailable(`token endpoint answered ${response.status}`);
    const tokens = tokenResponseSchema.parse(await response.json());
    return {
      accessToken: tokens.access_token,
      refreshToken: tokens.refresh_token ?? null,
      expiresAt: new Date(Date.now() + tokens.expires_in * 1000),
    };
  }

  async #get(path: string, accessToken: string): Promise<unknown> {
    const response = await this.#fetch(`${this.settings.apiUrl}/v10${path}`, {
      headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
    });
    if (response.status === 401) throw new DiscordTokenRejected();
    if (!response.ok) throw unavailable(`GET ${path} answered ${response.status}`);
    return response.json();
  }

  async #fetch(url: string, init: RequestInit, timeoutMs = this.timeoutMs): Promise<Response> {
    try {
      return await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      // fetch() says only "fetch failed": the reason worth logging is in its cause.
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      throw unavailable(cause ?? (error as Error).message);
    }
  }
}

function unavailable(reason: string): ApiError {
  return new ApiError(502, 'DISCORD_UNAVAILABLE', `Discord could not be reached (${reason}).`);
}
