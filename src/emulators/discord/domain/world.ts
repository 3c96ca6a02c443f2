import type { Logger } from '../../../logging/index.ts';
import type { EmulatorStore } from '../state/store.ts';
import type { VoiceServerPort } from '../voice-port.ts';

/** What a gateway session looks like to code that builds per-session payloads. */
export interface SessionView {
  sessionId: string;
  applicationId: string;
  botUserId: string;
  intents: number;
  shard: [number, number];
  /** IDENTIFY's large_threshold (50 by default, at most 250). */
  largeThreshold: number;
}

/**
 * A gateway event to deliver. The hub decides which sessions get it: guild events go to sessions of
 * bots in that guild whose shard holds it and whose intents include `intent`.
 */
export interface DispatchEvent {
  t: string;
  /** The payload, or a builder when it depends on the receiving session. */
  d: unknown;
  build?: (session: SessionView) => unknown;
  guildId?: string;
  /** Deliver to the application's sessions even if its bot is no longer in the guild (GUILD_DELETE). */
  ignoreMembership?: boolean;
  /** Only this application's sessions (interactions, voice server updates). */
  applicationId?: string;
  /** Events outside guilds (DMs): sessions of these bot users, on shard 0. */
  recipientIds?: string[];
  /** Required intent (any of these bits); none when absent. */
  intent?: number;
  /** Message events: without MESSAGE_CONTENT, content is blanked unless the bot wrote it, is mentioned, or it's a DM. */
  content?: { authorId: string; mentionIds: string[]; dm: boolean };
}

/** Where domain changes send gateway events (the gateway hub). */
export interface DispatchSink {
  dispatch(event: DispatchEvent): void;
}

/** Limits that real Discord applies and tests may want to switch off. */
export interface WorldLimits {
  /** Channel renames allowed per window (Discord: about 2 per 10 minutes); null disables the limit. */
  channelRenames: { count: number; windowMs: number } | null;
  /** Maximum upload size in bytes (Discord's default for unboosted guilds: 10 MiB). */
  maxUploadBytes: number;
  /** How long an interaction may stay unacknowledged (Discord: 3 s). */
  interactionAckMs: number;
  /** How long an interaction token stays valid (Discord: 15 min). */
  interactionTokenMs: number;
}

/** Everything the domain layer works on: state, the gateway, the voice port, the public base URL. */
export interface World {
  store: EmulatorStore;
  sink: DispatchSink;
  voice: VoiceServerPort;
  limits: WorldLimits;
  logger: Logger;
  /** `http://host:port` of the emulator (for attachment URLs); known once listening. */
  baseUrl(): string;
}
