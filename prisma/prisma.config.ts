// Prisma 7 reads its settings from here. No datasource URL in schema.prisma (Prisma 7);
// the URL is only needed by CLI commands that talk to a database (migrate deploy on a
// connected machine), so it is set only when DATABASE_URL is present — `prisma generate`
// must work offline without it.
import { defineConfig } from 'prisma/config';

const url = process.env.DATABASE_URL;

export default defineConfig({
  schema: 'schema.prisma',
  migrations: { path: 'migrations' },
  ...(url ? { datasource: { url } } : {}),
});
