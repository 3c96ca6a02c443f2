import type { World } from '../domain/world.ts';
import { Intent } from '../intents.ts';
import { shardOf } from '../snowflake.ts';
import { serializeUser } from '../state/serialize.ts';
import { serializeGuildCreate } from '../state/serialize-guild-create.ts';
import type { GuildRecord } from '../state/types.ts';
import type { GatewaySession } from './session.ts';

/** The guilds a session sees: its bot is a member and the guild's shard is the session's. */
export function guildsOfSession(
  world: World,
  session: { botUserId: string; shard: [number, number] },
): GuildRecord[] {
  const [shardId, shardCount] = session.shard;
  const guilds: GuildRecord[] = [];
  for (const guild of world.store.guilds.values()) {
    if (guild.members.has(session.botUserId) && shardOf(guild.id, shardCount) === shardId) guilds.push(guild);
  }
  return guilds;
}

/**
 * Sends READY (guilds unavailable, as Discord does) and then one GUILD_CREATE per guild, yielding every
 * few guilds so heartbeats and other sockets keep being served during large bursts.
 */
export async function sendReadyAndGuilds(
  world: World,
  session: GatewaySession,
  resumeGatewayUrl: string,
): Promise<void> {
  const app = world.store.applications.get(session.applicationId);
  const bot = world.store.users.get(session.botUserId);
  if (!app || !bot) return;
  const guilds = guildsOfSession(world, session);
  const ready = {
    v: 10,
    user_settings: {},
    user: { ...serializeUser(bot), verified: true, mfa_enabled: false, email: null },
    guilds: guilds.map((g) => ({ id: g.id, unavailable: true })),
    session_id: session.sessionId,
    session_type: 'normal',
    resume_gateway_url: resumeGatewayUrl,
    shard: session.shard,
    application: { id: app.id, flags: app.flags },
    private_channels: [],
    relationships: [],
    presences: [],
    guild_join_requests: [],
    geo_ordered_rtc_regions: ['emulator'],
    auth: {},
    _trace: ['["gramophone-discord-emulator",{}]'],
  };
  session.dispatch('READY', JSON.stringify(ready));
  if ((session.intents & Intent.GUILDS) === 0) return;
  let sent = 0;
  for (const guild of guilds) {
    // Keep going without a socket: the rest lands in the replay buffer for a RESUME.
    if (session.ended) return;
    // The bot may have left while the burst was under way.
    if (!guild.members.has(session.botUserId)) continue;
    session.dispatch('GUILD_CREATE', JSON.stringify(serializeGuildCreate(world.store, guild, session)));
    sent += 1;
    if (sent % 50 === 0) await session.flush();
  }
}
