import type { DiscordControl } from './control/control.ts';

/** The ids of the demo world, as `describe()` reports them. */
export interface DemoWorld {
  guildId: string;
  ownerId: string;
  memberIds: string[];
  djRoleId: string;
  categoryId: string;
  /** `general`. */
  textChannelId: string;
  /** `music`, the text channel under the category. */
  musicTextChannelId: string;
  /** `Music`, the voice channel. */
  voiceChannelId: string;
  /** A second guild of the owner's, without the bot: somewhere to try the bot invite (`demoSpareGuild`). */
  spareGuildId?: string;
}

/**
 * Seeds a small guild to click around in: an owner, three members (one a DJ), a category with a
 * `music` text channel and a `Music` voice channel, a `general` text channel, and the bot.
 */
export function seedDemo(control: DiscordControl): DemoWorld {
  const owner = control.createUser({ username: 'demo-owner', globalName: 'Demo Owner' });
  const members = ['alice', 'bob', 'carol'].map((name) =>
    control.createUser({ username: name, globalName: name[0]?.toUpperCase() + name.slice(1) }),
  );
  const guild = control.createGuild({ name: 'Gramophone Demo', ownerId: String(owner.id) });
  const dj = control.createRole({ guildId: guild.id, name: 'DJ', color: 0x1db954, mentionable: true });
  for (const [index, member] of members.entries()) {
    control.addMember({
      guildId: guild.id,
      userId: String(member.id),
      roles: index === 0 ? [String(dj.id)] : [],
    });
  }
  const general = control.createChannel({ guildId: guild.id, name: 'general', type: 'text' });
  const category = control.createChannel({ guildId: guild.id, name: 'Music Room', type: 'category' });
  const music = control.createChannel({
    guildId: guild.id,
    name: 'music',
    type: 'text',
    parentId: String(category.id),
  });
  const voice = control.createChannel({
    guildId: guild.id,
    name: 'Music',
    type: 'voice',
    parentId: String(category.id),
  });
  control.setDefaultOAuthUser({ userId: String(owner.id) });
  return {
    guildId: guild.id,
    ownerId: String(owner.id),
    memberIds: members.map((m) => String(m.id)),
    djRoleId: String(dj.id),
    categoryId: String(category.id),
    textChannelId: String(general.id),
    musicTextChannelId: String(music.id),
    voiceChannelId: String(voice.id),
  };
}

/**
 * A second guild of the demo owner's, without the bot, with a text and a voice channel: what the
 * panel's "Add the bot" invites it to.
 */
export function seedSpareGuild(control: DiscordControl, demo: DemoWorld): DemoWorld {
  const guild = control.createGuild({ name: 'Second Demo Server', ownerId: demo.ownerId, addBot: false });
  for (const member of demo.memberIds) control.addMember({ guildId: guild.id, userId: member });
  control.createChannel({ guildId: guild.id, name: 'general', type: 'text' });
  control.createChannel({ guildId: guild.id, name: 'Lounge', type: 'voice' });
  return { ...demo, spareGuildId: guild.id };
}
