/**
 * The guilds the interaction benchmark runs in, seeded in the Discord emulator the way
 * bench/emulator.bench.ts does: a few channels, roles and members each.
 */
import type { DiscordControl } from '../../src/emulators/discord/index.ts';

export interface SeededGuild {
  guildId: string;
  textChannelId: string;
  voiceChannelId: string;
  /** A member with the DJ role, in the voice channel when `listenersInVoice` was asked for. */
  listenerId: string;
}

/** What one guild holds, for the benchmark's output and docs. */
export const GUILD_SHAPE = {
  channels: 4,
  roles: 3,
  members: 4,
  description:
    '4 channels (category, #general, #music, voice "Music"), 3 roles (@everyone, DJ, Regular), 4 members (owner, alice, bob, a listener) + the bot',
} as const;

/**
 * Seeds `count` guilds. With `listenersInVoice`, each guild's listener (its own user) joins the
 * voice channel, so the gateway caches their voice state and member from GUILD_CREATE and
 * /play passes its "in voice" check; without it nobody is in voice, as in most guilds most of
 * the time.
 */
export function seedGuilds(
  control: DiscordControl,
  count: number,
  options: { listenersInVoice: boolean },
): SeededGuild[] {
  const id = (value: unknown) => String((value as { id: unknown }).id);
  const owner = id(control.createUser({ username: 'owner' }));
  const shared = [id(control.createUser({ username: 'alice' })), id(control.createUser({ username: 'bob' }))];
  // Without voice, one listener user serves every guild (users cost the emulator, not the bot).
  const commonListener = options.listenersInVoice ? null : id(control.createUser({ username: 'listener' }));
  const guilds: SeededGuild[] = [];
  for (let i = 0; i < count; i++) {
    const guildId = control.createGuild({ name: `Guild ${i}`, ownerId: owner }).id;
    const category = id(control.createChannel({ guildId, name: 'Music', type: 'category' }));
    control.createChannel({ guildId, name: 'general', type: 'text' });
    const textChannelId = id(
      control.createChannel({ guildId, name: 'music', type: 'text', parentId: category }),
    );
    const voiceChannelId = id(
      control.createChannel({ guildId, name: 'Music', type: 'voice', parentId: category }),
    );
    const dj = id(control.createRole({ guildId, name: 'DJ' }));
    const regular = id(control.createRole({ guildId, name: 'Regular' }));
    for (const userId of shared) control.addMember({ guildId, userId, roles: [regular] });
    const listenerId = commonListener ?? id(control.createUser({ username: `listener${i}` }));
    control.addMember({ guildId, userId: listenerId, roles: [dj, regular] });
    if (options.listenersInVoice) control.joinVoice({ channelId: voiceChannelId, userId: listenerId });
    guilds.push({ guildId, textChannelId, voiceChannelId, listenerId });
  }
  return guilds;
}
