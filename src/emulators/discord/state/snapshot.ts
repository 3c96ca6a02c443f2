import { z } from 'zod';
import type { DemoWorld } from '../demo.ts';
import { compareSnowflakes } from '../snowflake.ts';
import type { EmulatorStore } from './store.ts';
import type {
  ApplicationRecord,
  ChannelRecord,
  CommandRecord,
  GuildRecord,
  MemberRecord,
  MessageRecord,
  ReactionRecord,
  RoleRecord,
  UserRecord,
  VoiceStateRecord,
} from './types.ts';

/**
 * The emulator's world as a JSON document, for a sandbox whose ids and state outlive a restart:
 * users, applications (with their bot token and client secret, so a stored login still works),
 * guilds with roles, members and the voice states of people, channels, the latest messages of
 * each channel, registered commands, and OAuth grants. Left out on purpose: gateway sessions and
 * the bots' voice states (a new process connects anew), interactions, ephemeral messages and
 * uploaded bytes.
 */

/** Messages kept per channel: enough to read back a conversation, small enough to write often. */
export const MESSAGES_PER_CHANNEL = 100;

/** An OAuth grant behind an access or refresh token. */
export interface StoredGrant {
  applicationId: string;
  userId: string;
  scopes: string[];
  /** Access tokens only. */
  expiresAt?: number;
}

/** What the OAuth service hands over to be stored, and takes back. */
export interface OAuthSnapshot {
  defaultUserId: string | null;
  accessTokens: [string, StoredGrant][];
  refreshTokens: [string, StoredGrant][];
}

const grantSchema = z.object({
  applicationId: z.string(),
  userId: z.string(),
  scopes: z.array(z.string()),
  expiresAt: z.number().optional(),
});
const record = z.looseObject({ id: z.string() });

/** The file's shape; records inside are checked for their ids and trusted for the rest (we wrote them). */
export const worldSnapshotSchema = z.object({
  version: z.literal(1),
  savedAt: z.string(),
  applicationId: z.string(),
  lastId: z.string().regex(/^\d+$/),
  demo: z.looseObject({ guildId: z.string() }).nullable(),
  users: z.array(record),
  applications: z.array(record),
  guilds: z.array(
    z.looseObject({
      id: z.string(),
      roles: z.array(record),
      channelIds: z.array(z.string()),
      members: z.array(z.looseObject({ userId: z.string() })),
      voiceStates: z.array(z.looseObject({ userId: z.string() })),
    }),
  ),
  channels: z.array(record),
  messages: z.array(record),
  commands: z.array(record),
  oauth: z.object({
    defaultUserId: z.string().nullable(),
    accessTokens: z.array(z.tuple([z.string(), grantSchema])),
    refreshTokens: z.array(z.tuple([z.string(), grantSchema])),
  }),
});
export type WorldSnapshot = z.infer<typeof worldSnapshotSchema>;

type Stored<T> = Omit<T, 'permissions' | 'allow' | 'deny'> & Record<string, unknown>;

/** Takes the world's picture. */
export function snapshotWorld(
  store: EmulatorStore,
  extra: { applicationId: string; demo: DemoWorld | null; oauth: OAuthSnapshot; savedAt: Date },
): WorldSnapshot {
  const users = [...store.users.values()];
  const bots = new Set(users.filter((u) => u.bot).map((u) => u.id));
  const messages: MessageRecord[] = [];
  for (const ids of store.channelMessages.values()) {
    const kept = ids
      .map((id) => store.messages.get(id))
      .filter((m): m is MessageRecord => m !== undefined && !m.ephemeral);
    messages.push(...kept.slice(-MESSAGES_PER_CHANNEL));
  }
  return {
    version: 1,
    savedAt: extra.savedAt.toISOString(),
    applicationId: extra.applicationId,
    lastId: store.ids.latest(),
    demo: extra.demo ? { ...extra.demo } : null,
    users: users.map((u) => ({ ...u })),
    applications: [...store.applications.values()].map((a) => ({ ...a })),
    guilds: [...store.guilds.values()].map((g) => ({
      ...g,
      roles: [...g.roles.values()].map((r) => ({ ...r, permissions: r.permissions.toString() })),
      channelIds: [...g.channelIds],
      members: [...g.members.values()].map((m) => ({ ...m })),
      // A bot's voice connection belongs to its gateway session, which does not outlive the process.
      voiceStates: [...g.voiceStates.values()].filter((v) => !bots.has(v.userId)).map((v) => ({ ...v })),
    })),
    channels: [...store.channels.values()].map((c) => ({
      ...c,
      renameTimes: [],
      overwrites: c.overwrites.map((o) => ({ ...o, allow: o.allow.toString(), deny: o.deny.toString() })),
    })),
    messages: messages.map((m) => ({
      ...m,
      // Uploaded bytes stay out of the file: the names and sizes are kept, the download is gone.
      attachments: m.attachments.map((a) => ({ ...a, data: null })),
      reactions: [...m.reactions.entries()].map(([key, r]) => [
        key,
        { emoji: r.emoji, userIds: [...r.userIds] },
      ]),
    })) as unknown as WorldSnapshot['messages'],
    commands: [...store.commands.values()].map((c) => ({ ...c })),
    oauth: extra.oauth,
  };
}

/** Fills an empty store from a picture; returns what the store itself doesn't hold. */
export function restoreWorld(
  store: EmulatorStore,
  snapshot: WorldSnapshot,
): { applicationId: string; demo: DemoWorld | null; oauth: OAuthSnapshot } {
  // New ids must sort after every stored one, even if the clock went back since.
  store.ids.advancePast(snapshot.lastId);
  for (const user of snapshot.users as unknown as UserRecord[]) store.users.set(user.id, { ...user });
  for (const app of snapshot.applications as unknown as ApplicationRecord[]) store.addApplication({ ...app });
  for (const raw of snapshot.guilds) {
    const stored = raw as unknown as Stored<GuildRecord> & {
      roles: Stored<RoleRecord>[];
      channelIds: string[];
      members: MemberRecord[];
      voiceStates: VoiceStateRecord[];
    };
    const guild: GuildRecord = {
      ...(stored as unknown as GuildRecord),
      roles: new Map(
        stored.roles.map((r) => [
          r.id,
          { ...(r as unknown as RoleRecord), permissions: BigInt(String(r.permissions)) },
        ]),
      ),
      channelIds: new Set(stored.channelIds),
      members: new Map(stored.members.map((m) => [m.userId, { ...m }])),
      voiceStates: new Map(stored.voiceStates.map((v) => [v.userId, { ...v }])),
    };
    store.guilds.set(guild.id, guild);
  }
  for (const raw of snapshot.channels) {
    const channel = raw as unknown as ChannelRecord & {
      overwrites: { id: string; type: 0 | 1; allow: string; deny: string }[];
    };
    store.channels.set(channel.id, {
      ...channel,
      overwrites: channel.overwrites.map((o) => ({ ...o, allow: BigInt(o.allow), deny: BigInt(o.deny) })),
    });
  }
  const messages = (
    snapshot.messages as unknown as (Omit<MessageRecord, 'reactions'> & { reactions: unknown })[]
  )
    .slice()
    .sort((a, b) => compareSnowflakes(a.id, b.id));
  for (const raw of messages) {
    const reactions = raw.reactions as [string, { emoji: ReactionRecord['emoji']; userIds: string[] }][];
    store.addMessage({
      ...raw,
      reactions: new Map(reactions.map(([key, r]) => [key, { emoji: r.emoji, userIds: new Set(r.userIds) }])),
    });
  }
  for (const command of snapshot.commands as unknown as CommandRecord[]) {
    store.commands.set(command.id, { ...command });
  }
  return {
    applicationId: snapshot.applicationId,
    demo: snapshot.demo as unknown as DemoWorld | null,
    oauth: snapshot.oauth,
  };
}
