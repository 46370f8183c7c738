/**
 * A live delta waits for Redis only, never for the database (issue 15, fan-out under load).
 * The company feed looks up a new trip's company in the database; when that lookup sat in the
 * fan-out, a busy database (registrations' transactions, measured at 100 commands/s) held every
 * later delta of the gate behind it: 1–2 s to the boards. Here the trips table is locked in an
 * open transaction (PostgreSQL: the lookup blocks on the lock; PGlite: its one session is taken)
 * while two trucks check in: the second one's delta must reach the board before the lock is released
 * (the first one's delta went out before its lookup even began).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import type { LiveDelta } from '@borderflow/contracts';
import type { GateScheduler } from '@borderflow/scheduler';
import { startTestApi, type TestApi } from '../testing/test-api.ts';

let t: TestApi;
let scheduler: GateScheduler;
let socket: Socket;
const deltas: LiveDelta[] = [];

beforeAll(async () => {
  t = await startTestApi();
  scheduler = t.platform.schedulers.get('KT')!;
  socket = await t.socket(await t.token('operator1'));
  socket.on('delta', (d: LiveDelta) => deltas.push(d));
  expect((await socket.emitWithAck('subscribe', { gate: 'KT' })).ok).toBe(true);
});

afterAll(async () => {
  await t?.close();
});

describe('the live fan-out', () => {
  it('delivers a new truck\'s delta while the database is locked', { timeout: 60_000 }, async () => {
    // The first truck's company lookup waits for the lock; the second truck's delta must not wait for it.
    const [first, tripId] = [`db-locked-a-${Date.now()}`, `db-locked-b-${Date.now()}`];
    let seenWhileLocked = false;
    await t.platform.db.prisma.$transaction(async (tx) => {
      await tx.$executeRawUnsafe('LOCK TABLE trips IN ACCESS EXCLUSIVE MODE');
      for (const [id, plate] of [[first, '24C12398'], [tripId, '24C12399']] as const) {
        const r = await scheduler.checkIn({ tripId: id, plate, direction: 'exit', priorityClass: 'ordinary', stages: ['documents'], actor: 'user:op' });
        expect(r.ok).toBe(true);
      }
      // Polled, up to well past any fan-out delay under load; the lock is held all the while.
      for (let i = 0; i < 200 && !seenWhileLocked; i++) {
        seenWhileLocked = deltas.some((d) => d.event.trip?.id === tripId);
        if (!seenWhileLocked) await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }, { timeout: 40_000, maxWait: 10_000 });
    expect(seenWhileLocked).toBe(true);
  });
});
