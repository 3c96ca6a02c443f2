import { randomBytes } from 'node:crypto';
import { DEFAULT_APPLICATION_FLAGS } from '../intents.ts';
import type { ApplicationRecord, UserRecord } from '../state/types.ts';
import type { World } from './world.ts';

export interface CreateUserInput {
  id?: string;
  username: string;
  globalName?: string | null;
  bot?: boolean;
  locale?: string;
}

/** Adds a user (a person or a bot account). */
export function createUser(world: World, input: CreateUserInput): UserRecord {
  const id = input.id ?? world.store.ids.next();
  if (world.store.users.has(id)) throw new Error(`a user with id ${id} already exists`);
  const user: UserRecord = {
    id,
    username: input.username,
    globalName: input.globalName ?? null,
    avatar: null,
    bot: input.bot ?? false,
    locale: input.locale ?? 'en-US',
  };
  world.store.users.set(id, user);
  return user;
}

export interface CreateApplicationInput {
  name: string;
  token?: string;
  clientSecret?: string;
  flags?: number;
  redirectUris?: string[];
  ownerId?: string | null;
}

/** Makes a bot token shaped like Discord's: base64(bot id) . timestamp part . HMAC-like part. */
export function makeBotToken(botUserId: string): string {
  const idPart = Buffer.from(botUserId).toString('base64url');
  return `${idPart}.${randomBytes(4).toString('base64url')}.${randomBytes(20).toString('base64url')}`;
}

/** Adds an application with its bot user (same id, as on Discord). */
export function createApplication(world: World, input: CreateApplicationInput): ApplicationRecord {
  const id = world.store.ids.next();
  createUser(world, { id, username: input.name, bot: true });
  const token = input.token ?? makeBotToken(id);
  if (world.store.applicationByToken(token)) throw new Error('another application already uses this token');
  const app: ApplicationRecord = {
    id,
    name: input.name,
    botUserId: id,
    token,
    clientSecret: input.clientSecret ?? randomBytes(16).toString('base64url'),
    flags: input.flags ?? DEFAULT_APPLICATION_FLAGS,
    redirectUris: input.redirectUris ?? [],
    ownerId: input.ownerId ?? null,
  };
  world.store.addApplication(app);
  return app;
}
