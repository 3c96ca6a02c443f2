import { once } from 'node:events';
import { openDm } from '../domain/channels.ts';
import { listCommands, serializeCommand } from '../domain/commands.ts';
import type { BotAnswer, InteractionRegistry } from '../domain/interactions.ts';
import { addReaction, createMessage, deleteMessage, removeReaction } from '../domain/messages.ts';
import type { OAuthService, TokenResponse } from '../domain/oauth.ts';
import { checkVoiceJoin, disconnectVoice, setVoiceChannel } from '../domain/voice.ts';
import type { World } from '../domain/world.ts';
import { EmulatorUsageError } from '../errors.ts';
import type { GatewayHub } from '../gateway/hub.ts';
import type { SessionInfo } from '../gateway/session.ts';
import { hasPermissions, missingPermissionNames, Permission, permissionNames } from '../permissions.ts';
import type { RateLimiter, RequestLogEntry } from '../rest/rate-limit.ts';
import {
  type Json,
  serializeChannel,
  serializeDmChannel,
  serializeMember,
  serializeRole,
  serializeVoiceState,
} from '../state/serialize.ts';
import { serializeMessage } from '../state/serialize-message.ts';
import type { VoiceReceptionReport } from '../voice/index.ts';
import type { VoiceServerPort } from '../voice-port.ts';
import { InteractionDriver } from './interaction-driver.ts';
import { type ControlInput, controlSchemas as S } from './schemas.ts';
import { WorldSetupControl } from './world-setup.ts';

/**
 * The typed control API: set up the world, act as users, inspect what the bot did, and disturb the
 * gateway and REST on purpose. Every method validates its input with the same zod schema the HTTP
 * control API (`/control/<method>`) uses.
 */
export class DiscordControl extends WorldSetupControl {
  private readonly driver: InteractionDriver;

  constructor(
    world: World,
    private readonly hub: GatewayHub,
    private readonly interactions: InteractionRegistry,
    private readonly oauth: OAuthService,
    private readonly limiter: RateLimiter,
    defaultApplicationId: string,
  ) {
    super(world, defaultApplicationId);
    this.driver = new InteractionDriver(world, interactions, () => this.defaultApplicationId);
  }

  /** The voice server port (the real voice server when wired, else the placeholder). */
  get voice(): VoiceServerPort {
    return this.world.voice;
  }

  // ---- interactions ------------------------------------------------------------------------------

  /** A user runs a slash command (typed from the registered definition) and awaits the bot's answer. */
  slashCommand(input: ControlInput<'slashCommand'>): Promise<BotAnswer> {
    return this.driver.slashCommand(S.slashCommand.parse(input));
  }

  autocomplete(input: ControlInput<'autocomplete'>): Promise<BotAnswer> {
    return this.driver.autocomplete(S.autocomplete.parse(input));
  }

  clickButton(input: ControlInput<'clickButton'>): Promise<BotAnswer> {
    return this.driver.clickButton(S.clickButton.parse(input));
  }

  selectMenu(input: ControlInput<'selectMenu'>): Promise<BotAnswer> {
    return this.driver.selectMenu(S.selectMenu.parse(input));
  }

  submitModal(input: ControlInput<'submitModal'>): Promise<BotAnswer> {
    return this.driver.submitModal(S.submitModal.parse(input));
  }

  /** The interaction's follow-ups; with `count`, waits until there are that many. */
  async followUps(input: ControlInput<'followUps'>): Promise<Json[]> {
    const parsed = S.followUps.parse(input);
    if (parsed.count === undefined) return this.interactions.describeNow(parsed.interactionId).followUps;
    return this.interactions.waitForFollowUps(parsed.interactionId, parsed.count, parsed.timeoutMs);
  }

  /** The interaction's answer as it stands now. */
  interaction(input: ControlInput<'interaction'>): BotAnswer {
    return this.interactions.describeNow(S.interaction.parse(input).interactionId);
  }

  // ---- voice -------------------------------------------------------------------------------------

  /** A user joins (or moves to) a voice channel; refused like the client would (no CONNECT, full). */
  joinVoice(input: ControlInput<'joinVoice'>): Json {
    const parsed = S.joinVoice.parse(input);
    const channel = this.world.store.channel(parsed.channelId);
    if (!channel.guildId) throw new EmulatorUsageError(`channel ${channel.id} is not in a guild`);
    const join = { ...parsed, guildId: channel.guildId };
    checkVoiceJoin(this.world, join);
    const { state } = setVoiceChannel(this.world, join);
    return serializeVoiceState(this.world.store, state, { withGuildId: true, withMember: true });
  }

  leaveVoice(input: ControlInput<'leaveVoice'>): void {
    const parsed = S.leaveVoice.parse(input);
    disconnectVoice(this.world, parsed.guildId, parsed.userId);
  }

  /**
   * What the voice server received in a guild from the bot: connection, packet counts, decrypt
   * failures, last packet time, and the dominant frequency and loudness of the recent audio.
   */
  voiceReception(input: ControlInput<'voiceReception'>): VoiceReceptionReport {
    const { guildId, ...query } = S.voiceReception.parse(input);
    this.world.store.guild(guildId);
    if (!this.world.voice.reception) {
      throw new EmulatorUsageError('this emulator runs without a voice server (no audio is received)');
    }
    return this.world.voice.reception(guildId, query);
  }

  voiceStates(input: ControlInput<'voiceStates'>): Json[] {
    const guild = this.world.store.guild(S.voiceStates.parse(input).guildId);
    return [...guild.voiceStates.values()].map((v) =>
      serializeVoiceState(this.world.store, v, { withGuildId: true, withMember: false }),
    );
  }

  // ---- messages ----------------------------------------------------------------------------------

  /** A user sends a message (MESSAGE_CREATE); they need VIEW_CHANNEL and SEND_MESSAGES like in the client. */
  sendMessage(input: ControlInput<'sendMessage'>): Json {
    const parsed = S.sendMessage.parse(input);
    const channel = this.world.store.channel(parsed.channelId);
    if (channel.guildId) {
      const permissions = this.world.store.permissions(channel.guildId, parsed.userId, channel.id);
      const needed = Permission.VIEW_CHANNEL | Permission.SEND_MESSAGES;
      if (!hasPermissions(permissions, needed)) {
        throw new EmulatorUsageError(
          `user lacks ${missingPermissionNames(permissions, needed).join(', ')} here`,
        );
      }
    } else if (!channel.recipientIds.includes(parsed.userId)) {
      throw new EmulatorUsageError(`user ${parsed.userId} is not in DM channel ${channel.id}`);
    }
    const message = createMessage(this.world, {
      channelId: channel.id,
      authorId: parsed.userId,
      content: parsed.content,
      embeds: parsed.embeds ?? [],
      referencedMessageId: parsed.replyTo ?? null,
    });
    return serializeMessage(this.world.store, message);
  }

  /** The DM channel between a user and the bot (created on first use), for DM messages and commands. */
  openDm(input: ControlInput<'openDm'>): Json {
    const parsed = S.openDm.parse(input);
    const app = this.world.store.applications.get(parsed.applicationId ?? this.defaultApplicationId);
    if (!app) throw new EmulatorUsageError('unknown application');
    return serializeDmChannel(
      this.world.store,
      openDm(this.world, app.botUserId, parsed.userId),
      parsed.userId,
    );
  }

  /** A channel's messages, oldest first (ephemeral ones excluded, as in the client). */
  listMessages(input: ControlInput<'listMessages'>): Json[] {
    const parsed = S.listMessages.parse(input);
    const all = this.world.store.channelMessageList(this.world.store.channel(parsed.channelId).id);
    return all.slice(-(parsed.limit ?? 100)).map((m) => serializeMessage(this.world.store, m));
  }

  getMessage(input: ControlInput<'getMessage'>): Json {
    const message = this.world.store.messages.get(S.getMessage.parse(input).messageId);
    if (!message) throw new EmulatorUsageError('no such message');
    return serializeMessage(this.world.store, message);
  }

  deleteMessage(input: ControlInput<'deleteMessage'>): void {
    const message = this.world.store.messages.get(S.deleteMessage.parse(input).messageId);
    if (!message) throw new EmulatorUsageError('no such message');
    deleteMessage(this.world, message);
  }

  addReaction(input: ControlInput<'addReaction'>): void {
    const parsed = S.addReaction.parse(input);
    const message = this.world.store.messages.get(parsed.messageId);
    if (!message) throw new EmulatorUsageError('no such message');
    addReaction(this.world, message, parsed.userId, parsed.emoji);
  }

  removeReaction(input: ControlInput<'removeReaction'>): void {
    const parsed = S.removeReaction.parse(input);
    const message = this.world.store.messages.get(parsed.messageId);
    if (!message) throw new EmulatorUsageError('no such message');
    removeReaction(this.world, message, parsed.userId, parsed.emoji);
  }

  // ---- gateway -----------------------------------------------------------------------------------

  sessions(): SessionInfo[] {
    return this.hub.list();
  }

  /** Cuts sessions' sockets without a close frame; clients reconnect and RESUME. */
  dropSessions(input: ControlInput<'sessionFilter'> = {}): { count: number } {
    return { count: this.hub.drop(S.sessionFilter.parse(input)) };
  }

  /** Sends op 7 RECONNECT. */
  reconnect(input: ControlInput<'sessionFilter'> = {}): { count: number } {
    return { count: this.hub.reconnect(S.sessionFilter.parse(input)) };
  }

  /** Sends op 9 INVALID_SESSION (`resumable` false by default: the client must IDENTIFY again). */
  invalidateSession(input: ControlInput<'invalidateSession'> = {}): { count: number } {
    const parsed = S.invalidateSession.parse(input);
    return { count: this.hub.invalidate(parsed, parsed.resumable) };
  }

  /** Waits for the next IDENTIFY or RESUME. */
  async waitForSession(input: ControlInput<'waitForSession'>): Promise<SessionInfo> {
    const parsed = S.waitForSession.parse(input);
    const [info] = (await once(this.hub, parsed.event, {
      signal: AbortSignal.timeout(parsed.timeoutMs),
    })) as [SessionInfo];
    return info;
  }

  // ---- rate limits and request log ----------------------------------------------------------------

  /** Makes a route (`METHOD /pattern` or `/pattern`) or everything (`global`) answer 429. */
  rateLimit(input: ControlInput<'rateLimit'>): { id: string } {
    return { id: this.limiter.add(S.rateLimit.parse(input)).id };
  }

  clearRateLimits(): void {
    this.limiter.clear();
  }

  /** Requests the REST API received, oldest first. */
  requests(input: ControlInput<'requests'> = {}): RequestLogEntry[] {
    return this.limiter.requests(S.requests.parse(input).route);
  }

  // ---- OAuth ---------------------------------------------------------------------------------------

  setDefaultOAuthUser(input: ControlInput<'setDefaultOAuthUser'>): void {
    const { userId } = S.setDefaultOAuthUser.parse(input);
    this.world.store.user(userId);
    this.oauth.defaultUserId = userId;
  }

  /** Issues a user's OAuth tokens directly, skipping the browser redirect. */
  issueUserToken(input: ControlInput<'issueUserToken'>): TokenResponse {
    const parsed = S.issueUserToken.parse(input);
    this.world.store.user(parsed.userId);
    return this.oauth.issue(parsed.applicationId ?? this.defaultApplicationId, parsed.userId, parsed.scopes);
  }

  // ---- inspection ----------------------------------------------------------------------------------

  /** Everything about a guild as the API would show it. */
  guild(input: ControlInput<'guild'>) {
    const store = this.world.store;
    const guild = store.guild(S.guild.parse(input).guildId);
    return {
      id: guild.id,
      name: guild.name,
      ownerId: guild.ownerId,
      channels: store.guildChannels(guild.id).map((c) => serializeChannel(c)),
      roles: store.guildRoles(guild.id).map(serializeRole),
      members: [...guild.members.values()].map((m) => serializeMember(store, m)),
      /** Each member's client language (not part of Discord's member object). */
      locales: Object.fromEntries(
        [...guild.members.keys()].map((userId) => [userId, store.users.get(userId)?.locale ?? 'en-US']),
      ),
      voiceStates: [...guild.voiceStates.values()].map((v) =>
        serializeVoiceState(store, v, { withGuildId: true, withMember: false }),
      ),
    };
  }

  /** A member's computed permissions (in a channel when given). */
  permissions(input: ControlInput<'permissions'>): { permissions: string; names: string[] } {
    const parsed = S.permissions.parse(input);
    const value = this.world.store.permissions(parsed.guildId, parsed.userId, parsed.channelId);
    return { permissions: value.toString(), names: permissionNames(value) };
  }

  /** Registered application commands: a guild's, or global ones. */
  commands(input: ControlInput<'commands'> = {}): Json[] {
    const parsed = S.commands.parse(input);
    return listCommands(
      this.world,
      parsed.applicationId ?? this.defaultApplicationId,
      parsed.guildId ?? null,
    ).map(serializeCommand);
  }
}
