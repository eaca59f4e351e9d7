import { defineConfig } from 'drizzle-kit';

// drizzle-kit reads the tables of every domain module; SQL lands in migrations/ and is applied
// at start by src/db/migrate.ts on either driver.
export default defineConfig({
  dialect: 'postgresql',
  schema: ['./src/db/columns.ts', './src/modules/*/table.ts'],
  out: './migrations',
  dbCredentials: { url: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' },
  strict: true,
  verbose: true,
});
