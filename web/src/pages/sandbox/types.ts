/** The sandbox API's shapes (src/api/sandbox/schemas.ts; docs/api.md "Sandbox"). */

export interface SandboxPerson {
  id: string;
  name: string;
  bot: boolean;
}

export interface SandboxUser {
  id: string;
  name: string;
  username: string;
  owner: boolean;
  roles: string[];
}

export interface SandboxChannel {
  id: string;
  name: string;
  kind: 'text' | 'voice';
  category: string | null;
}

export interface VoiceState {
  userId: string;
  channelId: string;
}

export interface SandboxState {
  guild: { id: string; name: string };
  channels: SandboxChannel[];
  users: SandboxUser[];
  bot: SandboxPerson;
  voiceStates: VoiceState[];
  audio: { connected: boolean; sending: boolean; lastPacketAt: number | null };
  defaults: { textChannelId: string; voiceChannelId: string };
}

export interface SandboxEmbed {
  title: string | null;
  url: string | null;
  description: string | null;
  color: number | null;
  author: { name: string; url: string | null; iconUrl: string | null } | null;
  fields: { name: string; value: string; inline: boolean }[];
  footer: { text: string; iconUrl: string | null } | null;
  thumbnailUrl: string | null;
  imageUrl: string | null;
  timestamp: string | null;
}

export interface SandboxButton {
  kind: 'button';
  customId: string | null;
  label: string | null;
  emoji: string | null;
  style: 'primary' | 'secondary' | 'success' | 'danger' | 'link' | 'premium';
  url: string | null;
  disabled: boolean;
}

export interface SandboxSelect {
  kind: 'select';
  customId: string;
  placeholder: string | null;
  minValues: number;
  maxValues: number;
  disabled: boolean;
  options: {
    label: string;
    value: string;
    description: string | null;
    emoji: string | null;
    default: boolean;
  }[];
}

export type SandboxComponent = SandboxButton | SandboxSelect;

export interface SandboxMessage {
  id: string;
  channelId: string;
  author: SandboxPerson;
  content: string;
  timestamp: string;
  editedTimestamp: string | null;
  ephemeral: boolean;
  embeds: SandboxEmbed[];
  components: { components: SandboxComponent[] }[];
  attachments: { filename: string; url: string }[];
  command: { name: string; user: SandboxPerson; text: string | null } | null;
}

export interface InteractionAnswer {
  interactionId: string;
  responseType: number;
  ephemeral: boolean;
  message: SandboxMessage | null;
  followUps: SandboxMessage[];
  modal: boolean;
}

export type OptionType =
  | 'string'
  | 'integer'
  | 'boolean'
  | 'user'
  | 'channel'
  | 'role'
  | 'mentionable'
  | 'number'
  | 'attachment';

export interface CommandOption {
  name: string;
  description: string;
  type: OptionType;
  required: boolean;
  autocomplete: boolean;
  choices: { name: string; value: string | number }[];
}

export interface SandboxCommand {
  name: string;
  description: string;
  options: CommandOption[];
  subcommands: { name: string; description: string; group: string | null; options: CommandOption[] }[];
}
