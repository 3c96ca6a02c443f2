/** Gateway intent bits (https://discord.com/developers/docs/events/gateway#gateway-intents). */
export const Intent = {
  GUILDS: 1 << 0,
  GUILD_MEMBERS: 1 << 1,
  GUILD_MODERATION: 1 << 2,
  GUILD_EXPRESSIONS: 1 << 3,
  GUILD_INTEGRATIONS: 1 << 4,
  GUILD_WEBHOOKS: 1 << 5,
  GUILD_INVITES: 1 << 6,
  GUILD_VOICE_STATES: 1 << 7,
  GUILD_PRESENCES: 1 << 8,
  GUILD_MESSAGES: 1 << 9,
  GUILD_MESSAGE_REACTIONS: 1 << 10,
  GUILD_MESSAGE_TYPING: 1 << 11,
  DIRECT_MESSAGES: 1 << 12,
  DIRECT_MESSAGE_REACTIONS: 1 << 13,
  DIRECT_MESSAGE_TYPING: 1 << 14,
  MESSAGE_CONTENT: 1 << 15,
  GUILD_SCHEDULED_EVENTS: 1 << 16,
  AUTO_MODERATION_CONFIGURATION: 1 << 20,
  AUTO_MODERATION_EXECUTION: 1 << 21,
  GUILD_MESSAGE_POLLS: 1 << 24,
  DIRECT_MESSAGE_POLLS: 1 << 25,
} as const;

/** Every defined intent bit; an IDENTIFY with other bits is closed with 4013. */
export const ALL_INTENTS = Object.values(Intent).reduce((all, bit) => all | bit, 0);

/** Application flags that enable privileged intents (the "limited" variants count too). */
export const ApplicationFlag = {
  GATEWAY_PRESENCE: 1 << 12,
  GATEWAY_PRESENCE_LIMITED: 1 << 13,
  GATEWAY_GUILD_MEMBERS: 1 << 14,
  GATEWAY_GUILD_MEMBERS_LIMITED: 1 << 15,
  GATEWAY_MESSAGE_CONTENT: 1 << 18,
  GATEWAY_MESSAGE_CONTENT_LIMITED: 1 << 19,
} as const;

/** A new application may use all privileged intents, as a bot enabled in the developer portal. */
export const DEFAULT_APPLICATION_FLAGS =
  ApplicationFlag.GATEWAY_PRESENCE |
  ApplicationFlag.GATEWAY_GUILD_MEMBERS |
  ApplicationFlag.GATEWAY_MESSAGE_CONTENT;

/** The privileged intents in `intents` that the application's flags do not enable. */
export function disallowedIntents(intents: number, applicationFlags: number): number {
  let missing = 0;
  const pairs: [number, number][] = [
    [Intent.GUILD_PRESENCES, ApplicationFlag.GATEWAY_PRESENCE | ApplicationFlag.GATEWAY_PRESENCE_LIMITED],
    [
      Intent.GUILD_MEMBERS,
      ApplicationFlag.GATEWAY_GUILD_MEMBERS | ApplicationFlag.GATEWAY_GUILD_MEMBERS_LIMITED,
    ],
    [
      Intent.MESSAGE_CONTENT,
      ApplicationFlag.GATEWAY_MESSAGE_CONTENT | ApplicationFlag.GATEWAY_MESSAGE_CONTENT_LIMITED,
    ],
  ];
  for (const [intent, flags] of pairs) {
    if ((intents & intent) !== 0 && (applicationFlags & flags) === 0) missing |= intent;
  }
  return missing;
}
