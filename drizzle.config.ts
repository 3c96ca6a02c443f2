import { defineConfig } from 'drizzle-kit';

// drizzle-kit only reads the schema and writes SQL; it never connects, so no URL is needed.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema.ts',
  out: './drizzle',
});
