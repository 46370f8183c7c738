/**
 * The platform as deployed: several API processes sharing Redis and the
 * database, and a restart after Redis lost the gate.
 */
import { afterEach, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { io as connect, type Socket } from 'socket.io-client';
import { openTestDatabase, type TestDatabase } from '@borderflow/db';
import { deleteKeysWithPrefix, testRedisUrl, uniqueId } from '@borderflow/testkit/testing';
import type { Platform } from './platform.ts';
import { startTestPlatform } from './testing/test-api.ts';
import { record } from './testing/live-recorder.ts';
import { tripRequest } from './testing/trip-fixtures.ts';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups.length = 0;
});

async function start(db: TestDatabase, prefix: string): Promise<Platform> {
  const p = await startTestPlatform(db, prefix);
  cleanups.push(() => p.close());
  return p;
}

async function fresh(): Promise<{ db: TestDatabase; prefix: string }> {
  const db = await openTestDatabase();
  const prefix = `t:${uniqueId()}:`;
  cleanups.push(async () => {
    await db.close();
    const redis = new Redis(testRedisUrl());
    await deleteKeysWithPrefix(redis, prefix);
    redis.disconnect();
  });
  return { db, prefix };
}

async function call(base: string, method: string, path: string, token?: string, body?: unknown) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> & { token?: string } };
}

async function login(base: string, username: string): Promise<string> {
  return (await call(base, 'POST', '/v1/auth/login', undefined, { username, password: 'demo' })).body.token!;
}

it('fans events out to sockets of every API process', async () => {
  const { db, prefix } = await fresh();
  const a = await start(db, prefix);
  const b = await start(db, prefix);
  const operatorOnA = await login(a.url, 'operator1');
  const socket: Socket = connect(`${a.url}/live`, { auth: { token: operatorOnA }, transports: ['websocket'] });
  cleanups.push(async () => socket.disconnect());
  const rec = record(socket);
  expect(await socket.emitWithAck('subscribe', { gate: 'KT' })).toMatchObject({ ok: true });

  // Commands through B only: A's socket must see every one of them.
  const operatorOnB = await login(b.url, 'operator1');
  const lanes = ['KT-N1', 'KT-N2', 'KT-N3', 'KT-X1'];
  for (const lane of lanes) {
    expect((await call(b.url, 'POST', `/v1/gates/KT/lanes/${lane}/pause`, operatorOnB, { reason: 'shift change' })).status).toBe(200);
  }
  for (const lane of lanes) {
    await rec.waitForDelta((d) => d.event.type === 'lane_status_changed' && d.event.lane?.id === lane);
  }
  const seqs = rec.deltas.map((d) => d.seq).sort((x, y) => x - y);
  expect(new Set(seqs).size).toBe(seqs.length);
}, 120_000); // two platforms start: tens of seconds on a loaded 2-core machine

it('rebuilds the gate from the database when Redis lost it', async () => {
  const { db, prefix } = await fresh();
  const first = await start(db, prefix);
  const driver = await login(first.url, 'driver2');
  const operator = await login(first.url, 'operator1');
  const trips: string[] = [];
  for (const direction of ['entry', 'exit'] as const) {
    const req = tripRequest({ direction });
    const created = await call(first.url, 'POST', '/v1/trips', driver, req);
    expect(created.status).toBe(201);
    expect((await call(first.url, 'POST', '/v1/gates/KT/check-ins', operator, { plate: req.vehicle.plate })).status).toBe(200);
    trips.push(created.body.id as string);
  }
  const before = (await call(first.url, 'GET', '/v1/gates/KT/lanes', operator)).body as { seq: number; lanes: Array<{ id: string; trip: { id: string } | null }> };
  // Wait until the persist consumer has stored everything the stream holds.
  await expect
    .poll(async () => (await db.prisma.gateEvent.aggregate({ where: { gateCode: 'KT' }, _max: { seq: true } }))._max.seq, {
      timeout: 10_000,
    })
    .toBe(before.seq);
  await first.close();

  const redis = new Redis(testRedisUrl());
  await deleteKeysWithPrefix(redis, prefix);
  redis.disconnect();

  const second = await start(db, prefix);
  const operator2 = await login(second.url, 'operator1');
  const after = (await call(second.url, 'GET', '/v1/gates/KT/lanes', operator2)).body as typeof before;
  expect(after.seq).toBeGreaterThanOrEqual(before.seq);
  const placed = (v: typeof before) => Object.fromEntries(v.lanes.filter((l) => l.trip).map((l) => [l.id, l.trip!.id]));
  expect(placed(after)).toEqual(placed(before));
  expect(Object.values(placed(after)).sort()).toEqual([...trips].sort());
}, 120_000);
