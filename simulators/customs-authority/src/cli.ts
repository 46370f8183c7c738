#!/usr/bin/env -S npx tsx
/**
 * `npm start -w @borderflow/customs-authority` (or `npx tsx src/cli.ts`): the
 * simulated customs authority on its own.
 *   --config <file.json>   a full configuration (see authority-config.ts); otherwise the demo profiles
 *   --port <n>             default 3001 (env PORT)
 *   --borderflow <url>     where decisions are sent, default http://127.0.0.1:3000 (env BORDERFLOW_URL)
 *   --speed <x>            simulated time per real time, default 1
 *   --seed <n>             replay the same decisions
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startCustomsAuthority } from './authority-server.ts';
import { demoAuthorityConfig } from './demo-authority-config.ts';
import type { AuthorityConfigInput } from './authority-config.ts';

const { values } = parseArgs({
  options: {
    config: { type: 'string' },
    port: { type: 'string' },
    host: { type: 'string' },
    borderflow: { type: 'string' },
    speed: { type: 'string' },
    seed: { type: 'string' },
  },
});

const port = Number(values.port ?? process.env.PORT ?? 3001);
const config: AuthorityConfigInput = values.config
  ? { ...(JSON.parse(readFileSync(values.config, 'utf8')) as AuthorityConfigInput), port }
  : demoAuthorityConfig({
      borderflowUrl: values.borderflow ?? process.env.BORDERFLOW_URL ?? 'http://127.0.0.1:3000',
      port,
      host: values.host ?? '127.0.0.1',
      speed: values.speed ? Number(values.speed) : 1,
      ...(values.seed ? { seed: Number(values.seed) } : {}),
    });

const authority = await startCustomsAuthority(config);
console.log(`customs authority simulator listening on ${authority.url}
  inbox   POST ${authority.url}/inbox/<profile>   (${authority.config.profiles.map((p) => p.name).join(', ')})
  polling GET  ${authority.url}/poll/<profile>?after=<cursor>
  control GET  ${authority.url}/_sim/state   POST ${authority.url}/_sim/outage {"down":true}`);

const stop = () => void authority.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
