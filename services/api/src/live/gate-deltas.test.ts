/**
 * A burst of gate events read together reaches a `batch: true` board as one `deltas` message and
 * every other socket as single `delta`s, with the same content in the same seq order (real
 * platform: Redis, database, Socket.IO with the streams adapter).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import type { LiveDeltaWire } from '@borderflow/contracts';
import type { GateScheduler } from '@borderflow/scheduler';
import { startTestApi, TEST_METRICS_TOKEN, type TestApi } from '../testing/test-api.ts';

let t: TestApi;
let scheduler: GateScheduler;
let batched: Socket;
let single: Socket;
/** What each socket received, in arrival order: one entry per message. */
const batchedMessages: LiveDeltaWire[][] = [];
const singleMessages: LiveDeltaWire[][] = [];

beforeAll(async () => {
  t = await startTestApi();
  const operator = await t.token('operator1');
  scheduler = t.platform.schedulers.get('KT')!;
  batched = await t.socket(operator);
  batched.on('delta', (d: LiveDeltaWire) => batchedMessages.push([d]));
  batched.on('deltas', (ds: LiveDeltaWire[]) => batchedMessages.push(ds));
  expect((await batched.emitWithAck('subscribe', { gate: 'KT', batch: true })).ok).toBe(true);
  single = await t.socket(operator);
  single.on('delta', (d: LiveDeltaWire) => singleMessages.push([d]));
  single.on('deltas', (ds: LiveDeltaWire[]) => singleMessages.push(ds));
  expect((await single.emitWithAck('subscribe', { gate: 'KT' })).ok).toBe(true);
});

afterAll(async () => {
  await t?.close();
});

const ok = (r: { ok: boolean; code?: string; message?: string }, what: string) => {
  if (!r.ok) throw new Error(`${what}: ${r.code} ${r.message}`);
};

describe('batched deltas', () => {
  it('sends a burst as one message to batch subscribers and as single deltas to the others, alike', { timeout: 120_000 }, async () => {
    const lanes = (await scheduler.snapshot()).lanes;
    for (const lane of lanes) ok(await scheduler.setLaneStatus({ laneId: lane.id, status: 'paused', reason: 'test', actor: 'user:op' }), 'pause');
    for (let i = 0; i < 3; i++) {
      ok(await scheduler.checkIn({
        tripId: `burst-${i}-${Date.now()}`, plate: `24C${String(20_000 + i)}`, direction: 'exit', priorityClass: 'ordinary',
        stages: ['documents', 'gate'], appointmentAt: null, actor: 'user:op',
      }), 'check-in');
    }
    // Opening a lane calls a truck in the same step: two events appended at once, read together.
    const documents = lanes.find((l) => l.direction === 'exit' && l.capabilities.includes('documents'))!;
    ok(await scheduler.setLaneStatus({ laneId: documents.id, status: 'open', reason: '', actor: 'user:op' }), 'open');
    const seq = (await scheduler.seq()) ?? 0;
    const seqs = (messages: LiveDeltaWire[][]) => messages.flat().map((d) => d.seq);
    await expect.poll(() => seqs(singleMessages).includes(seq) && seqs(batchedMessages).includes(seq), { timeout: 20_000 }).toBe(true);

    expect(singleMessages.every((m) => m.length === 1)).toBe(true);
    expect(batchedMessages.some((m) => m.length > 1)).toBe(true);
    // The same deltas, consecutive, in the same order.
    expect(batchedMessages.flat()).toEqual(singleMessages.flat());
    const all = seqs(batchedMessages);
    all.slice(1).forEach((s, i) => expect(s).toBe(all[i]! + 1));

    // Each delta's time from its event to its emit is in the process's metrics.
    const metrics = (await t.call<string>('GET', '/metrics', { token: TEST_METRICS_TOKEN })).body;
    const count = Number(/^borderflow_live_delta_lag_seconds_count (\S+)$/m.exec(metrics)?.[1]);
    expect(count).toBeGreaterThanOrEqual(all.length);
  });
});
