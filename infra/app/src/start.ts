/**
 * `npm start`: the whole platform on one port with embedded defaults.
 *   - Redis: REDIS_URL, or a `redis-server` child with an append-only file
 *     under <DATA_DIR>/redis (installed through apt when missing and root).
 *   - PostgreSQL: DATABASE_URL, or PGlite under <DATA_DIR>/pglite.
 *   - Migrations, the Kim Thành seed, API + console + Socket.IO, the persist
 *     consumer, timers, and the demo traffic feeder (FEEDER=off disables it).
 *   - The simulation worker (simulators/traffic): runs the managers' simulations that the API
 *     queues, in this process because an embedded PGlite has one owner (SIMULATIONS=off disables it).
 *   - The customs-authority simulator on PORT+1 (AUTHORITY_PORT), with the demo agency
 *     adapters pointing at it, so customs decisions flow (CUSTOMS_AUTHORITY=off disables it;
 *     AGENCY_ADAPTERS / AGENCY_ADAPTERS_FILE configure real agencies instead).
 *   - The device gateway (the cameras' push routes) on its own port, GATEWAY_PORT (default PORT+2;
 *     GATEWAY=off leaves the cameras on the API's push routes only). The feeder's trucks pass a
 *     simulated entrance camera pushing to it (FEEDER_CAMERA=off: the operator checks them all in).
 * `npm run start:api` / `npm run start:worker` / `npm run start:gateway` (argument `api` / `worker` /
 * `gateway`, or PLATFORM_ROLE): one
 * role of the production topology (docs/operations.md), as many copies of each as needed. They share
 * one Redis and one PostgreSQL, so they need REDIS_URL (or REDIS_CLUSTER_NODES) and DATABASE_URL:
 * the embedded ones belong to one process. No feeder, customs simulator or console build in a worker.
 * This is the app layer (infra/app): the only place that imports the API, the console and the
 * simulators together. They are imported dynamically so that the embedded Redis is up first.
 */
import { existsSync, readFileSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startRedisServer, type RedisServerHandle } from '@borderflow/testkit';

const dataDir = resolve(process.env.DATA_DIR ?? '.data');
const port = Number(process.env.PORT ?? 3000);
const role = process.argv[2] ?? process.env.PLATFORM_ROLE ?? 'all';

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
  if (!['all', 'api', 'worker', 'gateway'].includes(role)) throw new Error(`unknown role "${role}": use api, worker, gateway, or nothing for all in one process`);
  if (role !== 'all' && ((!process.env.REDIS_URL && !process.env.REDIS_CLUSTER_NODES) || !process.env.DATABASE_URL)) {
    throw new Error(`the ${role} role shares Redis and PostgreSQL with the other processes: set REDIS_URL (or REDIS_CLUSTER_NODES) and DATABASE_URL (npm start runs everything in one process with embedded ones)`);
  }
  let redisUrl = process.env.REDIS_URL;
  let embedded: RedisServerHandle | null = null;
  // REDIS_CLUSTER_NODES: the platform connects to that Redis Cluster (npm run redis-cluster:start).
  if (!redisUrl && !process.env.REDIS_CLUSTER_NODES) {
    const dir = join(dataDir, 'redis');
    mkdirSync(dir, { recursive: true });
    const pidFile = join(dir, 'redis-server.pid');
    await stopOrphanedRedis(pidFile);
    // appendfsync always: a command the platform acknowledged is on disk even if the machine loses power.
    // ownerStops: Ctrl-C must not take Redis away before the platform has drained and closed on it.
    embedded = await startRedisServer({ dir, appendonly: true, args: ['--appendfsync', 'always'], logFile: join(dir, 'redis.log'), ownerStops: true });
    writeFileSync(pidFile, String(embedded.pid));
    redisUrl = embedded.url;
    console.log(`embedded Redis ${redisUrl} (append-only file in ${dir})`);
  }
  const off = (value: string | undefined) => ['off', '0', 'false', 'no'].includes((value ?? '').toLowerCase());
  // The console is a Vite build (console/dist): make one when it is missing or older than its sources
  // (CONSOLE_BUILD=off skips it: an API-only process, or a test of the start script itself).
  if (!off(process.env.CONSOLE_BUILD) && (role === 'all' || role === 'api')) {
    const { ensureConsoleBuilt } = await import('@borderflow/console/src/build/console-build.ts');
    await ensureConsoleBuilt({ log: (line) => console.log(line) });
  }
  // The app layer wires the console build and the demo feeder in: the API imports neither.
  const { consoleStaticDir } = await import('@borderflow/console');
  const { startTrafficFeeder, startSimulationWorker } = await import('@borderflow/traffic');
  const { startPlatform } = await import('@borderflow/api');
  // Split roles: the demo feeder only when asked for (FEEDER=on), else every API copy would feed.
  const feederOff = role === 'worker' || role === 'gateway' || (role === 'api' ? !['on', '1', 'true', 'yes'].includes((process.env.FEEDER ?? '').toLowerCase()) : off(process.env.FEEDER));
  const speed = Number(process.env.FEEDER_SPEED ?? 5);
  // The demo's customs system: decisions come from it (through the adapters), not from the feeder.
  const authorityOn =
    role === 'all' && !off(process.env.CUSTOMS_AUTHORITY) && !process.env.AGENCY_ADAPTERS && !process.env.AGENCY_ADAPTERS_FILE && process.env.NODE_ENV !== 'production';
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
  // The gateway role listens on GATEWAY_PORT when given; in one process, the gateway gets PORT+2.
  const gatewayPort = Number(process.env.GATEWAY_PORT ?? port + 2);
  const gatewayOn = role === 'all' && !off(process.env.GATEWAY);
  // The demo admin (seeded outside production only) registers the feeder's camera.
  const cameraOn = !off(process.env.FEEDER_CAMERA) && process.env.NODE_ENV !== 'production';
  const weighbridgeOn = !off(process.env.FEEDER_WEIGHBRIDGE) && process.env.NODE_ENV !== 'production';
  const platform = await startPlatform({
    role: role as 'all' | 'api' | 'worker' | 'gateway',
    port: role === 'gateway' && process.env.GATEWAY_PORT ? gatewayPort : port,
    ...(gatewayOn ? { gatewayPort } : {}),
    host: process.env.HOST ?? '0.0.0.0',
    dataDir,
    redisUrl: redisUrl ?? '',
    staticDir: consoleStaticDir,
    feeder: feederOff ? false : (baseUrl, log) => startTrafficFeeder({
      baseUrl, log, speed, agencyDecisions: !authorityOn,
      // The demo's trucks pass a simulated entrance camera pushing to the gateway (FEEDER_CAMERA=off: the operator checks them all in).
      entranceCamera: cameraOn ? { adminAccount: 'admin1', ...(gatewayOn ? { url: `http://127.0.0.1:${gatewayPort}` } : {}) } : false,
      // …and a weighbridge inside the entrance weighs each truck checked in (FEEDER_WEIGHBRIDGE=off: none).
      weighbridge: weighbridgeOn ? { adminAccount: 'admin1', ...(gatewayOn ? { url: `http://127.0.0.1:${gatewayPort}` } : {}) } : false,
    }),
    ...(agencies ? { agencies } : {}),
    // Barriers and lane lights: MQTT_URL's broker when set, else (one process) the embedded one.
    ...(role === 'all' && !process.env.MQTT_URL && !off(process.env.SIGNALS) ? { signals: {} } : {}),
  });
  const { startDemoSignals } = await import('./demo-signals.ts');
  const demoSignals = role === 'all' && !process.env.MQTT_URL ? await startDemoSignals(platform) : null;
  const simulations = off(process.env.SIMULATIONS) || role === 'gateway'
    ? null
    : await startSimulationWorker({ redis: platform.redis, prisma: platform.db.prisma, log: { info: () => undefined, warn: (data, msg) => console.warn(msg, data) } });
  console.log(`
BorderFlow${role === 'all' ? '' : ` (${role})`} is running: ${platform.url.replace('0.0.0.0', 'localhost')}
  console (lane board)  ${platform.url.replace('0.0.0.0', 'localhost')}/
  API docs              ${platform.url.replace('0.0.0.0', 'localhost')}/docs
  database              ${process.env.DATABASE_URL ? 'DATABASE_URL' : `PGlite in ${join(dataDir, 'pglite')}`}
  simulation worker     ${simulations ? 'on (SIMULATIONS=off to disable)' : 'off'}
  device gateway        ${platform.gatewayUrl ? `${platform.gatewayUrl.replace('0.0.0.0', 'localhost')} (cameras push here; GATEWAY=off to disable)` : 'off'}
  traffic feeder        ${feederOff ? 'off' : `on (speed ×${process.env.FEEDER_SPEED ?? 5}; FEEDER=off to disable)`}
  barriers and lights   ${platform.mqttUrl ? `MQTT ${platform.mqttUrl}${demoSignals ? ' (simulated devices)' : ''}; SIGNALS=off to disable` : 'off'}
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
    await demoSignals?.stop().catch((err: unknown) => console.error(err));
    await simulations?.close().catch((err: unknown) => console.error(err));
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
