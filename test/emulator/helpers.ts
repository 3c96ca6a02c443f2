import { once } from 'node:events';
import { Client, type ClientOptions, Events, GatewayIntentBits } from 'discord.js';
import type { DiscordEmulator } from '../../src/emulators/discord/index.ts';

/** The intents the Gramophone bot uses. */
export const BOT_INTENTS = [
  GatewayIntentBits.Guilds,
  GatewayIntentBits.GuildVoiceStates,
  GatewayIntentBits.GuildMembers,
  GatewayIntentBits.GuildMessages,
];

/** Logs an unmodified discord.js client into the emulator and waits for `clientReady`. */
export async function loginClient(
  emulator: DiscordEmulator,
  options: Partial<ClientOptions> = {},
  setup: (client: Client) => void = () => {},
): Promise<Client> {
  const client = new Client({
    intents: BOT_INTENTS,
    ...options,
    rest: { api: emulator.apiUrl, ...options.rest },
  });
  setup(client);
  const ready = once(client, Events.ClientReady);
  await client.login(emulator.token);
  await ready;
  return client;
}

/** Resolves with the first emitted value that passes `predicate`, or rejects after `timeoutMs`. */
export function waitForEvent<T>(
  client: Client,
  event: string,
  predicate: (value: T) => boolean = () => true,
  timeoutMs = 5_000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      client.off(event, listener);
      reject(new Error(`no ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (value: T) => {
      if (!predicate(value)) return;
      clearTimeout(timer);
      client.off(event, listener);
      resolve(value);
    };
    client.on(event, listener);
  });
}
