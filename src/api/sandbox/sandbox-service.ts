import type { SandboxHandle } from '../../runtime/index.ts';
import { ApiError } from '../errors.ts';
import type {
  AutocompleteBody,
  AutocompleteChoices,
  ClickButtonBody,
  InteractionAnswer,
  LocaleBody,
  RunCommandBody,
  SandboxCommand,
  SandboxMessage,
  SandboxState,
  SelectMenuBody,
  SendMessageBody,
  VoiceBody,
} from './contract.ts';
import { displayName, person, toSandboxCommand, toSandboxMessage } from './discord-shapes.ts';
import type { EmulatorControlClient } from './emulator-control.ts';

type Json = Record<string, unknown>;

/** What `describe()` tells of the demo world (present because the sandbox seeds it). */
interface DemoDescription {
  botUserId: string;
  guildId?: string;
  textChannelId?: string;
  musicTextChannelId?: string;
  voiceChannelId?: string;
}

/** The emulator's `guild` operation. */
interface GuildView {
  id: string;
  name: string;
  ownerId: string;
  channels: Json[];
  roles: Json[];
  members: Json[];
  voiceStates: Json[];
  locales?: Record<string, string>;
}

/** The bot's answer as the emulator reports it (`BotAnswer`). */
interface BotAnswer {
  interactionId: string;
  responseType: number;
  ephemeral: boolean;
  message: Json | null;
  modal: Json | null;
  followUps: Json[];
  choices?: { name: string; value: string | number }[] | null;
}

const TEXT_CHANNEL = 0;
const VOICE_CHANNEL = 2;
const CATEGORY = 4;
/** Packets closer together than this are one continuous sound (the bot sends one every 20 ms). */
const SENDING_WITHIN_MS = 600;
/** Ephemeral answers and typed commands remembered (the page shows recent ones). */
const REMEMBERED = 200;
/** Ephemeral answers looked up per channel listing. */
const EPHEMERALS_PER_LISTING = 20;

/** A remembered ephemeral answer: only `userId` sees it, in `channelId`. */
interface EphemeralAnswer {
  messageId: string;
  channelId: string;
  userId: string;
}

function invalid(path: string, message: string): ApiError {
  return new ApiError(400, 'VALIDATION_FAILED', 'The request is not valid.', [{ path, message }]);
}

/** Snowflakes in creation order. */
function byId(a: { id: string }, b: { id: string }): number {
  const x = BigInt(a.id);
  const y = BigInt(b.id);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * The sandbox page's view of the local Discord: the demo server, its users acting through the
 * emulator's control API, and what the bot answers. Ephemeral answers exist only for their user
 * (the emulator never lists them), so the service remembers the ones its users received.
 */
export class SandboxService {
  private description: Promise<DemoDescription> | null = null;
  private readonly typed = new Map<string, string>();
  private readonly ephemerals: EphemeralAnswer[] = [];

  constructor(
    private readonly control: EmulatorControlClient,
    private readonly sandbox: SandboxHandle,
    private readonly now: () => number = Date.now,
  ) {}

  /** The demo server: channels, users, the bot, who is in voice, and whether the bot is sending audio. */
  async state(): Promise<SandboxState> {
    const [demo, guild] = await Promise.all([this.demo(), this.guild()]);
    const roleNames = new Map(guild.roles.map((role) => [String(role.id), String(role.name)]));
    const names = new Map(guild.channels.map((c) => [String(c.id), String(c.name)]));
    const channels = guild.channels
      .filter((c) => c.type === TEXT_CHANNEL || c.type === VOICE_CHANNEL)
      .map((c) => ({
        id: String(c.id),
        name: String(c.name),
        kind: c.type === VOICE_CHANNEL ? ('voice' as const) : ('text' as const),
        category: typeof c.parent_id === 'string' ? (names.get(c.parent_id) ?? null) : null,
      }));
    const users = this.humans(guild)
      .map((member) => {
        const user = member.user as Json;
        return {
          id: String(user.id),
          name: typeof member.nick === 'string' ? member.nick : displayName(user),
          username: String(user.username),
          owner: user.id === guild.ownerId,
          roles: ((member.roles as string[] | undefined) ?? []).flatMap((id) => roleNames.get(id) ?? []),
          locale: guild.locales?.[String(user.id)] ?? 'en-US',
        };
      })
      .sort((a, b) => Number(b.owner) - Number(a.owner));
    const botMember = guild.members.find((m) => (m.user as Json | undefined)?.id === demo.botUserId);
    const activity = this.sandbox.voiceActivity(guild.id);
    const firstOf = (kind: 'text' | 'voice') => channels.find((c) => c.kind === kind)?.id ?? '';
    return {
      guild: { id: guild.id, name: guild.name },
      channels,
      users,
      bot: { ...person(botMember?.user), id: demo.botUserId, bot: true },
      roles: guild.roles
        .filter((role) => role.id !== guild.id && role.managed !== true)
        .map((role) => ({ id: String(role.id), name: String(role.name) })),
      voiceStates: voiceStatesOf(guild),
      audio: {
        connected: activity.connected,
        sending:
          activity.connected &&
          activity.lastPacketAt !== null &&
          this.now() - activity.lastPacketAt < SENDING_WITHIN_MS,
        lastPacketAt: activity.lastPacketAt,
      },
      defaults: {
        textChannelId: demo.musicTextChannelId ?? firstOf('text'),
        voiceChannelId: demo.voiceChannelId ?? firstOf('voice'),
      },
    };
  }

  /** The bot's registered slash commands, for the command box's suggestions. */
  async commands(): Promise<SandboxCommand[]> {
    const [global, local] = await Promise.all([
      this.control.call<unknown[]>('commands', {}),
      this.control.call<unknown[]>('commands', { guildId: (await this.guild()).id }),
    ]);
    const commands = new Map<string, SandboxCommand>();
    for (const raw of [...global, ...local]) {
      const command = toSandboxCommand(raw);
      if (command) commands.set(command.name, command);
    }
    return [...commands.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  /** A demo user runs a slash command; resolves with the bot's answer. */
  async runCommand(body: RunCommandBody): Promise<InteractionAnswer> {
    const guild = await this.guild();
    this.assertUser(guild, body.userId);
    this.assertChannel(guild, body.channelId, TEXT_CHANNEL, 'channelId');
    const answer = await this.control.call<BotAnswer>('slashCommand', {
      userId: body.userId,
      channelId: body.channelId,
      command: body.command,
      ...(body.subcommandGroup ? { subcommandGroup: body.subcommandGroup } : {}),
      ...(body.subcommand ? { subcommand: body.subcommand } : {}),
      options: body.options,
    });
    return this.remember(answer, body.userId, body.channelId, body.text ?? commandText(body));
  }

  /** What the bot suggests for the option a demo user is typing (its autocomplete). */
  async autocomplete(body: AutocompleteBody): Promise<AutocompleteChoices> {
    const guild = await this.guild();
    this.assertUser(guild, body.userId);
    this.assertChannel(guild, body.channelId, TEXT_CHANNEL, 'channelId');
    const answer = await this.control.call<BotAnswer>('autocomplete', {
      userId: body.userId,
      channelId: body.channelId,
      command: body.command,
      ...(body.subcommandGroup ? { subcommandGroup: body.subcommandGroup } : {}),
      ...(body.subcommand ? { subcommand: body.subcommand } : {}),
      options: body.options,
      focused: body.focused,
    });
    return { choices: (answer.choices ?? []).slice(0, 25) };
  }

  /** A demo user clicks a button of a message in the sandbox server. */
  async clickButton(body: ClickButtonBody): Promise<InteractionAnswer> {
    const guild = await this.guild();
    this.assertUser(guild, body.userId);
    const channelId = await this.channelOfMessage(guild, body.messageId);
    const answer = await this.control.call<BotAnswer>('clickButton', body);
    return this.remember(answer, body.userId, channelId, null);
  }

  /** A demo user picks values in a message's select menu. */
  async selectMenu(body: SelectMenuBody): Promise<InteractionAnswer> {
    const guild = await this.guild();
    this.assertUser(guild, body.userId);
    const channelId = await this.channelOfMessage(guild, body.messageId);
    const answer = await this.control.call<BotAnswer>('selectMenu', body);
    return this.remember(answer, body.userId, channelId, null);
  }

  /** A demo user writes a plain message. */
  async sendMessage(body: SendMessageBody): Promise<SandboxMessage> {
    const guild = await this.guild();
    this.assertUser(guild, body.userId);
    this.assertChannel(guild, body.channelId, TEXT_CHANNEL, 'channelId');
    const message = await this.control.call<Json>('sendMessage', body);
    return toSandboxMessage(message, () => null);
  }

  /** A demo user switches their client language: their next commands carry it as `locale`. */
  async setLocale(body: LocaleBody): Promise<LocaleBody> {
    this.assertUser(await this.guild(), body.userId);
    await this.control.call('updateUser', { userId: body.userId, locale: body.locale });
    return body;
  }

  /** A demo user joins (or moves to) a voice channel, or leaves with `channelId: null`. */
  async setVoice(body: VoiceBody): Promise<{ voiceStates: SandboxState['voiceStates'] }> {
    const guild = await this.guild();
    this.assertUser(guild, body.userId);
    if (body.channelId === null) {
      await this.control.call('leaveVoice', { guildId: guild.id, userId: body.userId });
    } else {
      this.assertChannel(guild, body.channelId, VOICE_CHANNEL, 'channelId');
      await this.control.call('joinVoice', { userId: body.userId, channelId: body.channelId });
    }
    return { voiceStates: voiceStatesOf(await this.guild()) };
  }

  /** A text channel's latest messages, oldest first, with the viewer's own ephemeral answers. */
  async messages(channelId: string, viewerId: string | undefined, limit: number): Promise<SandboxMessage[]> {
    const guild = await this.guild();
    if (!guild.channels.some((c) => c.id === channelId && c.type === TEXT_CHANNEL)) {
      throw new ApiError(404, 'CHANNEL_NOT_FOUND', 'No such text channel in the sandbox server.');
    }
    const typed = (interactionId: string) => this.typed.get(interactionId) ?? null;
    const listed = await this.control.call<Json[]>('listMessages', { channelId, limit });
    const messages = listed.map((raw) => toSandboxMessage(raw, typed));
    if (viewerId !== undefined) messages.push(...(await this.ephemeralsFor(channelId, viewerId, typed)));
    return messages.sort(byId).slice(-limit);
  }

  /** The sandbox server's id when `guildId` is it; 404 otherwise (the audio stream's check). */
  async assertSandboxGuild(guildId: string): Promise<void> {
    const demo = await this.demo();
    if (demo.guildId !== guildId) {
      throw new ApiError(404, 'GUILD_NOT_FOUND', 'That is not the sandbox server.');
    }
  }

  private async ephemeralsFor(
    channelId: string,
    viewerId: string,
    typed: (interactionId: string) => string | null,
  ): Promise<SandboxMessage[]> {
    const mine = this.ephemerals
      .filter((e) => e.channelId === channelId && e.userId === viewerId)
      .slice(-EPHEMERALS_PER_LISTING);
    const found = await Promise.all(
      mine.map((e) =>
        this.control.call<Json>('getMessage', { messageId: e.messageId }).catch((error: unknown) => {
          // The bot deleted it: forget it.
          if (error instanceof ApiError && error.code === 'SANDBOX_REFUSED') {
            this.forgetEphemeral(e.messageId);
            return null;
          }
          throw error;
        }),
      ),
    );
    return found.filter((m): m is Json => m !== null).map((raw) => toSandboxMessage(raw, typed));
  }

  private remember(
    answer: BotAnswer,
    userId: string,
    channelId: string,
    text: string | null,
  ): InteractionAnswer {
    if (text !== null) rememberBounded(this.typed, answer.interactionId, text);
    const typed = (interactionId: string) => this.typed.get(interactionId) ?? null;
    const message = answer.message ? toSandboxMessage(answer.message, typed) : null;
    const followUps = answer.followUps.map((raw) => toSandboxMessage(raw, typed));
    for (const shown of [message, ...followUps]) {
      if (shown?.ephemeral && !this.ephemerals.some((e) => e.messageId === shown.id)) {
        this.ephemerals.push({ messageId: shown.id, channelId: shown.channelId || channelId, userId });
        if (this.ephemerals.length > REMEMBERED) this.ephemerals.shift();
      }
    }
    return {
      interactionId: answer.interactionId,
      responseType: answer.responseType,
      ephemeral: answer.ephemeral,
      message,
      followUps,
      modal: answer.modal !== null,
    };
  }

  private forgetEphemeral(messageId: string): void {
    const index = this.ephemerals.findIndex((e) => e.messageId === messageId);
    if (index >= 0) this.ephemerals.splice(index, 1);
  }

  private async channelOfMessage(guild: GuildView, messageId: string): Promise<string> {
    const message = await this.control.call<Json>('getMessage', { messageId }).catch((error: unknown) => {
      if (error instanceof ApiError && error.code === 'SANDBOX_REFUSED')
        throw invalid('messageId', 'no such message');
      throw error;
    });
    if (message.guild_id !== guild.id) throw invalid('messageId', 'not a message of the sandbox server');
    return String(message.channel_id);
  }

  private humans(guild: GuildView): Json[] {
    return guild.members.filter((m) => (m.user as Json | undefined)?.bot !== true);
  }

  private assertUser(guild: GuildView, userId: string): void {
    if (!this.humans(guild).some((m) => (m.user as Json).id === userId)) {
      throw invalid('userId', 'not a user of the sandbox server');
    }
  }

  private assertChannel(guild: GuildView, channelId: string, type: number, path: string): void {
    const channel = guild.channels.find((c) => c.id === channelId);
    if (!channel || channel.type === CATEGORY) throw invalid(path, 'not a channel of the sandbox server');
    if (channel.type !== type) {
      throw invalid(path, type === VOICE_CHANNEL ? 'not a voice channel' : 'not a text channel');
    }
  }

  private demo(): Promise<DemoDescription> {
    this.description ??= this.control.describe<DemoDescription>().catch((error: unknown) => {
      this.description = null;
      throw error;
    });
    return this.description;
  }

  private async guild(): Promise<GuildView> {
    const demo = await this.demo();
    if (!demo.guildId) throw new ApiError(503, 'SANDBOX_UNAVAILABLE', 'The sandbox has no demo server.');
    return this.control.call<GuildView>('guild', { guildId: demo.guildId });
  }
}

function voiceStatesOf(guild: GuildView): SandboxState['voiceStates'] {
  return guild.voiceStates
    .filter((v) => typeof v.channel_id === 'string')
    .map((v) => ({ userId: String(v.user_id), channelId: String(v.channel_id) }));
}

/** `/name [group] [sub] key:value…`, for commands sent without what was typed. */
function commandText(body: RunCommandBody): string {
  const parts = [`/${body.command}`, body.subcommandGroup, body.subcommand].filter(Boolean);
  for (const [key, value] of Object.entries(body.options)) parts.push(`${key}:${String(value)}`);
  return parts.join(' ');
}

function rememberBounded(map: Map<string, string>, key: string, value: string): void {
  map.set(key, value);
  if (map.size > REMEMBERED) {
    const oldest = map.keys().next().value;
    if (oldest !== undefined) map.delete(oldest);
  }
}
