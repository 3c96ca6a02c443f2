export {
  type Database,
  type DatabaseOptions,
  type Db,
  openDatabase,
  type Schema,
  type SqlResult,
} from './client.ts';
export { EmbeddedDatabaseBusyError } from './embedded-lock.ts';
export { GuildRepository } from './guild-repository.ts';
export { type MigrationResult, migrate, migrationStatus, migrationsFolder } from './migrate.ts';
export * as tables from './schema.ts';
export {
  type NewSession,
  SessionRepository,
  type SessionRow,
  type UserProfile,
} from './session-repository.ts';
