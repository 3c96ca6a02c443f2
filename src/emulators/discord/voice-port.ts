import { randomBytes } from 'node:crypto';
import type { ReceptionWindow, VoiceReceptionReport } from './voice/index.ts';

/** What the gateway asks the voice server for when a bot joins a voice channel. */
export interface VoiceAllocationRequest {
  guildId: string;
  channelId: string;
  userId: string;
  /** The gateway session id, also sent as the voice state's `session_id`. */
  sessionId: string;
  /** Whether the user may speak in the channel (SPEAK after overwrites), for servers that enforce it. */
  canSpeak: boolean;
}

/** Where the bot's voice connection should go: VOICE_SERVER_UPDATE's `token` and `endpoint`. */
export interface VoiceAllocation {
  token: string;
  /** host:port without scheme, as Discord sends it. */
  endpoint: string;
}

/**
 * The emulator's view of a voice server. The real one lives in `./voice/`; the lead wires it in through
 * `startDiscordEmulator({ voice })`.
 */
export interface VoiceServerPort {
  allocate(request: VoiceAllocationRequest): VoiceAllocation | Promise<VoiceAllocation>;
  release(guildId: string, userId: string): void;
  /**
   * Optional: the user moved to another channel of the same guild. Discord keeps the voice server for
   * such a move (no new VOICE_SERVER_UPDATE), so only the channel changes.
   */
  move?(guildId: string, userId: string, channelId: string): void;
  /**
   * Optional: what the voice server received in a guild (figures and an analysis of the recent
   * audio), served by the control API's `voiceReception`. The real voice server has it.
   */
  reception?(
    guildId: string,
    query: ReceptionWindow & { channelId?: string; userId?: string },
  ): VoiceReceptionReport;
}

/**
 * Stands in when no voice server is wired: hands out tokens and the unreachable endpoint `127.0.0.1:1`,
 * so gateway-level tests still see VOICE_SERVER_UPDATE. Remembers what it handed out.
 */
export class PlaceholderVoiceServer implements VoiceServerPort {
  readonly allocations = new Map<string, VoiceAllocationRequest & VoiceAllocation>();

  allocate(request: VoiceAllocationRequest): VoiceAllocation {
    const allocation = { token: randomBytes(8).toString('hex'), endpoint: '127.0.0.1:1' };
    this.allocations.set(`${request.guildId}:${request.userId}`, { ...request, ...allocation });
    return allocation;
  }

  release(guildId: string, userId: string): void {
    this.allocations.delete(`${guildId}:${userId}`);
  }

  move(guildId: string, userId: string, channelId: string): void {
    const allocation = this.allocations.get(`${guildId}:${userId}`);
    if (allocation) allocation.channelId = channelId;
  }
}
