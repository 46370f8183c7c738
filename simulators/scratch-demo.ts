import { createLogger, startPlatform } from '@borderflow/api';
import { openTestDatabase } from '@borderflow/db';
import { startTrafficFeeder } from './src/traffic-feeder.ts';

const seconds = Number(process.argv[2] ?? 60);
const db = await openTestDatabase();
const prefix = `demo-${Date.now()}:`;
const platform = await startPlatform({
  port: 3999, host: '127.0.0.1', database: db, redisUrl: 'redis://127.0.0.1:6379', prefix, feeder: false,
  jwtSecret: 'demo-secret-demo-secret-demo-secret-123', logger: createLogger({ LOG_LEVEL: 'warn' }),
});
const feeder = startTrafficFeeder({ baseUrl: platform.url, speed: Number(process.argv[3] ?? 30), seed: 3, log: createLogger({ LOG_LEVEL: 'info' }) });
console.log('URL', platform.url);
const iv = setInterval(() => console.log(JSON.stringify(feeder.stats())), 5000);
await new Promise((r) => setTimeout(r, seconds * 1000));
clearInterval(iv);
await feeder.stop();
console.log('final', JSON.stringify(feeder.stats()));
await platform.close();
await db.close();
process.exit(0);
