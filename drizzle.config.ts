import { defineConfig } from 'drizzle-kit';

// drizzle-kit only reads the schema and writes SQL; it never connects, so no URL is needed.
// The core tables are in src/db/schema.ts, each capability's in src/<capability>/schema.ts:
// one migration history for all of them.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/*/schema.ts',
  out: './drizzle',
});
