import type { SessionView } from '../domain/world.ts';
import { Intent } from '../intents.ts';
import {
  type Json,
  serializeChannel,
  serializeGuild,
  serializeMember,
  serializeVoiceState,
} from './serialize.ts';
import type { EmulatorStore } from './store.ts';
import type { GuildRecord, MemberRecord } from './types.ts';

/**
 * The GUILD_CREATE payload for one session. Like Discord: `members` holds the bot and users in voice
 * unless the session has GUILD_PRESENCES and the guild isn't large; `voice_states` need
 * GUILD_VOICE_STATES. Bots get the rest with REQUEST_GUILD_MEMBERS (op 8) or REST.
 */
export function serializeGuildCreate(store: EmulatorStore, guild: GuildRecord, session: SessionView): Json {
  const large = guild.members.size > session.largeThreshold;
  const withVoice = (session.intents & Intent.GUILD_VOICE_STATES) !== 0;
  const allMembers = (session.intents & Intent.GUILD_PRESENCES) !== 0 && !large;

  const members: MemberRecord[] = [];
  for (const member of guild.members.values()) {
    if (allMembers || member.userId === session.botUserId || guild.voiceStates.has(member.userId)) {
      members.push(member);
    }
  }
  const botMember = guild.members.get(session.botUserId);

  return {
    ...serializeGuild(store, guild),
    joined_at: botMember?.joinedAt ?? new Date().toISOString(),
    large,
    unavailable: false,
    lazy: true,
    member_count: guild.members.size,
    members: members.map((m) => serializeMember(store, m)),
    channels: store.guildChannels(guild.id).map((c) => serializeChannel(c, false)),
    threads: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
    voice_states: withVoice
      ? [...guild.voiceStates.values()].map((v) =>
          serializeVoiceState(store, v, { withGuildId: false, withMember: false }),
        )
      : [],
  };
}
