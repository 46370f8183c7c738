#!/usr/bin/env -S npx tsx
/**
 * `npm run sim:worker -w @borderflow/traffic`: a simulation worker on its own, for a deployment
 * whose API processes run without one. It needs the platform's PostgreSQL (DATABASE_URL: an
 * embedded PGlite belongs to the process that opened it) and Redis (REDIS_URL), and the same key
 * prefix as the platform (BORDERFLOW_PREFIX, default `bf:`).
 */
import { Redis } from 'ioredis';
import { openDatabase } from '@borderflow/db';
import { startSimulationWorker } from './simulation-worker.ts';

const databaseUrl = process.env.DATABASE_URL;
const redisUrl = process.env.REDIS_URL;
if (!databaseUrl || !redisUrl) {
  console.error('set DATABASE_URL and REDIS_URL to the platform\'s PostgreSQL and Redis');
  process.exit(2);
}
const db = await openDatabase({ url: databaseUrl });
const redis = new Redis(redisUrl, { maxRetriesPerRequest: 3, connectionName: 'borderflow-sim-catalog' });
const log = {
  info: (data: object, msg: string) => console.log(msg, JSON.stringify(data)),
  warn: (data: object, msg: string) => console.warn(msg, JSON.stringify(data)),
};
const worker = await startSimulationWorker({ redis, prisma: db.prisma, prefix: process.env.BORDERFLOW_PREFIX ?? 'bf:', log });

const stop = async () => {
  await worker.close();
  await redis.quit();
  await db.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
