/**
 * `npm start`: the whole platform on one port with embedded defaults.
 *   - Redis: REDIS_URL, or a `redis-server` child with an append-only file
 *     under <DATA_DIR>/redis (installed through apt when missing and root).
 *   - PostgreSQL: DATABASE_URL, or PGlite under <DATA_DIR>/pglite.
 *   - Migrations, the Kim Thành seed, API + console + Socket.IO, the persist
 *     consumer, timers, and the demo traffic feeder (FEEDER=off disables it).
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
  const { startPlatform } = await import('@borderflow/api');
  const feederOff = ['off', '0', 'false', 'no'].includes((process.env.FEEDER ?? '').toLowerCase());
  const platform = await startPlatform({
    port,
    host: process.env.HOST ?? '0.0.0.0',
    dataDir,
    redisUrl,
    feeder: feederOff ? false : { speed: Number(process.env.FEEDER_SPEED ?? 5) },
  });
  console.log(`
BorderFlow is running: ${platform.url.replace('0.0.0.0', 'localhost')}
  console (lane board)  ${platform.url.replace('0.0.0.0', 'localhost')}/
  API docs              ${platform.url.replace('0.0.0.0', 'localhost')}/docs
  database              ${process.env.DATABASE_URL ? 'DATABASE_URL' : `PGlite in ${join(dataDir, 'pglite')}`}
  traffic feeder        ${feederOff ? 'off' : `on (speed ×${process.env.FEEDER_SPEED ?? 5}; FEEDER=off to disable)`}
  demo logins           operator1 / manager1 / admin1 / driver1 / customs1, password "demo" (not in production)
`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping BorderFlow…`);
    await platform.close().catch((err: unknown) => console.error(err));
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
