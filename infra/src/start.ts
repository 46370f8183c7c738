/**
 * `npm start`: the whole platform on one port with embedded defaults.
 *   - Redis: REDIS_URL, or a `redis-server` child with an append-only file
 *     under <DATA_DIR>/redis (installed through apt when missing and root).
 *   - PostgreSQL: DATABASE_URL, or PGlite under <DATA_DIR>/pglite.
 *   - Migrations, the Kim Thành seed, API + console + Socket.IO, the persist
 *     consumer, timers, and the demo traffic feeder (FEEDER=off disables it).
 *   - The customs-authority simulator on PORT+1 (AUTHORITY_PORT), with the demo agency
 *     adapters pointing at it, so customs decisions flow (CUSTOMS_AUTHORITY=off disables it;
 *     AGENCY_ADAPTERS / AGENCY_ADAPTERS_FILE configure real agencies instead).
 * The platform packages are imported dynamically so that infra (which every
 * workspace uses for its test kit) depends on none of them.
 */
import { existsSync, readFileSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startRedisServer, type RedisServerHandle } from './redis-server.ts';

const dataDir = resolve(process.env.DATA_DIR ?? '.data');
const port = Number(process.env.PORT ?? 3000);

/** A redis-server left running by a start that was killed (SIGKILL) would share our AOF: stop it first. */
async function stopOrphanedRedis(pidFile: string) {
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8'));
  rmSync(pidFile, { force: true });
  if (!pid) return;
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    if (!cmdline.includes('redis-server')) return;
    console.log(`stopping a redis-server (pid ${pid}) left behind by an earlier start`);
    process.kill(pid, 'SIGTERM');
    for (let i = 0; i < 100; i++) {
      await new Promise((r) => setTimeout(r, 100));
      process.kill(pid, 0);
    }
  } catch {
    // not running any more (or /proc is not there): nothing to stop
  }
}

async function main() {
  let redisUrl = process.env.REDIS_URL;
  let embedded: RedisServerHandle | null = null;
  if (!redisUrl) {
    const dir = join(dataDir, 'redis');
    mkdirSync(dir, { recursive: true });
    const pidFile = join(dir, 'redis-server.pid');
    await stopOrphanedRedis(pidFile);
    // appendfsync always: a command the platform acknowledged is on disk even if the machine loses power.
    embedded = await startRedisServer({ dir, appendonly: true, args: ['--appendfsync', 'always'], logFile: join(dir, 'redis.log') });
    writeFileSync(pidFile, String(embedded.pid));
    redisUrl = embedded.url;
    console.log(`embedded Redis ${redisUrl} (append-only file in ${dir})`);
  }
  // The console is a Vite build (console/dist): make one when it is missing or older than its sources.
  const { ensureConsoleBuilt } = await import('@borderflow/console/src/build/console-build.ts');
  await ensureConsoleBuilt({ log: (line) => console.log(line) });
  const { startPlatform } = await import('@borderflow/api');
  const off = (value: string | undefined) => ['off', '0', 'false', 'no'].includes((value ?? '').toLowerCase());
  const feederOff = off(process.env.FEEDER);
  const speed = Number(process.env.FEEDER_SPEED ?? 5);
  // The demo's customs system: decisions come from it (through the adapters), not from the feeder.
  const authorityOn =
    !off(process.env.CUSTOMS_AUTHORITY) && !process.env.AGENCY_ADAPTERS && !process.env.AGENCY_ADAPTERS_FILE && process.env.NODE_ENV !== 'production';
  let authority: { url: string; close(): Promise<void> } | null = null;
  let agencies: Parameters<typeof startPlatform>[0]['agencies'];
  if (authorityOn) {
    const { startCustomsAuthority, demoAuthorityConfig } = await import('@borderflow/customs-authority');
    const { demoAdaptersConfig } = await import('@borderflow/customs');
    authority = await startCustomsAuthority(
      demoAuthorityConfig({ borderflowUrl: `http://127.0.0.1:${port}`, port: Number(process.env.AUTHORITY_PORT ?? port + 1), speed }),
    );
    agencies = demoAdaptersConfig({ authorityUrl: authority.url });
  }
  const platform = await startPlatform({
    port,
    host: process.env.HOST ?? '0.0.0.0',
    dataDir,
    redisUrl,
    feeder: feederOff ? false : { speed, agencyDecisions: !authorityOn },
    ...(agencies ? { agencies } : {}),
  });
  console.log(`
BorderFlow is running: ${platform.url.replace('0.0.0.0', 'localhost')}
  console (lane board)  ${platform.url.replace('0.0.0.0', 'localhost')}/
  API docs              ${platform.url.replace('0.0.0.0', 'localhost')}/docs
  database              ${process.env.DATABASE_URL ? 'DATABASE_URL' : `PGlite in ${join(dataDir, 'pglite')}`}
  traffic feeder        ${feederOff ? 'off' : `on (speed ×${process.env.FEEDER_SPEED ?? 5}; FEEDER=off to disable)`}
  customs authority     ${authority ? `${authority.url} (simulator; agency health: /v1/agencies/health; CUSTOMS_AUTHORITY=off to disable)` : 'off'}
  demo logins           operator1 / manager1 / admin1 / driver1 / customs1, password "demo" (not in production)
`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) {
      // A second Ctrl-C means "now".
      console.error(`${signal} again: exiting without waiting for a clean stop`);
      process.exit(1);
    }
    stopping = true;
    console.log(`${signal}: stopping BorderFlow…`);
    // Closing waits for queues and consumers, which hang if Redis or the database is already gone
    // (seen after the embedded redis-server was killed): never let that keep the process alive.
    setTimeout(() => {
      console.error('could not stop cleanly within 15 s (is Redis or the database gone?); exiting');
      process.exit(1);
    }, 15_000);
    await platform.close().catch((err: unknown) => console.error(err));
    await authority?.close().catch((err: unknown) => console.error(err));
    await embedded?.stop();
    if (embedded) rmSync(join(dataDir, 'redis', 'redis-server.pid'), { force: true });
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
