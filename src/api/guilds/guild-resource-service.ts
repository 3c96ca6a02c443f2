import {
  type Bus,
  BusCommandError,
  BusNoHandlerError,
  BusTimeoutError,
  BusUnavailableError,
} from '../../bus/index.ts';
import {
  GATEWAY_ADDRESS,
  GUILD_CHANNELS_COMMAND,
  GUILD_MEMBERS_COMMAND,
  GUILD_NOT_HERE,
  GUILD_ROLES_COMMAND,
  type GuildChannel,
  type GuildMember,
  type GuildRole,
  guildChannelsReplySchema,
  guildMembersReplySchema,
  guildRolesReplySchema,
} from '../../gateway/index.ts';
import { ApiError } from '../errors.ts';

/** A guild's channels and roles, asked of the gateway over the bus (its discord.js cache). */
export class GuildResourceService {
  constructor(
    private readonly bus: Bus,
    private readonly timeoutMs = 3_000,
  ) {}

  async channels(guildId: string): Promise<GuildChannel[]> {
    const reply = await this.#ask(GUILD_CHANNELS_COMMAND, guildId);
    return guildChannelsReplySchema.parse(reply).channels;
  }

  async roles(guildId: string): Promise<GuildRole[]> {
    const reply = await this.#ask(GUILD_ROLES_COMMAND, guildId);
    return guildRolesReplySchema.parse(reply).roles;
  }

  /** The given members' display names and avatars; ids not in the server are left out. */
  async members(guildId: string, ids: string[]): Promise<GuildMember[]> {
    const reply = await this.#ask(GUILD_MEMBERS_COMMAND, guildId, { ids });
    return guildMembersReplySchema.parse(reply).members;
  }

  async #ask(command: string, guildId: string, extra: Record<string, unknown> = {}): Promise<unknown> {
    try {
      return await this.bus.request(
        GATEWAY_ADDRESS,
        command,
        { guildId, ...extra },
        { timeoutMs: this.timeoutMs },
      );
    } catch (error) {
      if (error instanceof BusCommandError && error.code === GUILD_NOT_HERE) {
        throw new ApiError(404, 'GUILD_NOT_FOUND', 'The bot is not in this server.');
      }
      if (
        error instanceof BusNoHandlerError ||
        error instanceof BusTimeoutError ||
        error instanceof BusUnavailableError
      ) {
        throw new ApiError(
          503,
          'GATEWAY_UNAVAILABLE',
          'The bot is not connected to Discord right now (no gateway answered); try again shortly.',
          { reason: error.code },
        );
      }
      throw error;
    }
  }
}
