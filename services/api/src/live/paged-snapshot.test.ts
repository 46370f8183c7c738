/**
 * A gate snapshot in pages on the real gateway (snapshot-pages.ts): `subscribe` with `paged: true`
 * gets the head, then pages that make exactly the queues a plain subscription gets, all before
 * the next delta.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { joinSnapshotPages, type GateSnapshotWire, type SnapshotPage } from '@borderflow/contracts';
import type { GateScheduler } from '@borderflow/scheduler';
import { startTestApi, type TestApi } from '../testing/test-api.ts';

let t: TestApi;
let scheduler: GateScheduler;
const TRUCKS = 300;

beforeAll(async () => {
  t = await startTestApi();
  scheduler = t.platform.schedulers.get('KT')!;
  // Lanes paused: every truck waits.
  for (const lane of (await scheduler.snapshot()).lanes) await scheduler.setLaneStatus({ laneId: lane.id, status: 'paused', reason: 'test', actor: 'user:op' });
  // In parallel: one check-in after another took minutes on a loaded machine.
  const results = await Promise.all(Array.from({ length: TRUCKS }, (_, i) => scheduler.checkIn({
    tripId: `paged-${i}`, plate: `24C${10_000 + i}`, direction: i % 2 ? 'exit' : 'entry', priorityClass: i % 5 === 0 ? 'perishable' : 'ordinary',
    stages: ['documents', 'gate'], appointmentAt: null, actor: 'user:op',
  })));
  for (const r of results) if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
}, 240_000);

afterAll(async () => {
  await t?.close();
});

describe('a paged gate snapshot', () => {
  it('sends the head, then pages making the whole queues, before the next delta', { timeout: 60_000 }, async () => {
    const operator = await t.token('operator1');
    const plain = await t.socket(operator);
    const paged = await t.socket(operator);
    const whole: GateSnapshotWire[] = [];
    plain.on('snapshot', (s: GateSnapshotWire) => whole.push(s));
    const received: Array<['snapshot', GateSnapshotWire] | ['page', SnapshotPage] | ['delta', { seq: number }]> = [];
    paged.on('snapshot', (s: GateSnapshotWire) => received.push(['snapshot', s]));
    paged.on('snapshot_page', (p: SnapshotPage) => received.push(['page', p]));
    paged.on('delta', (d: { seq: number }) => received.push(['delta', d]));
    expect((await plain.emitWithAck('subscribe', { gate: 'KT' })).ok).toBe(true);
    expect((await paged.emitWithAck('subscribe', { gate: 'KT', paged: true })).ok).toBe(true);
    await expect.poll(() => whole.length, { timeout: 20_000 }).toBe(1);
    await scheduler.setLaneStatus({ laneId: 'KT-X1', status: 'closed', reason: 'test', actor: 'user:op' });
    const headSeq = () => (received.find(([kind]) => kind === 'snapshot')?.[1] as GateSnapshotWire | undefined)?.seq ?? Infinity;
    await expect.poll(() => received.some(([kind, m]) => kind === 'delta' && (m as { seq: number }).seq > headSeq()), { timeout: 20_000 }).toBe(true);

    // Deltas the fan-out was still catching up on may overtake the head (seq <= its seq: dropped by clients).
    const at = received.findIndex(([kind]) => kind === 'snapshot');
    const head = received[at]![1] as GateSnapshotWire;
    const rest = received.slice(at + 1).filter(([kind, m]) => kind !== 'delta' || (m as { seq: number }).seq > head.seq);
    expect(head.paging?.lengths).toEqual({ documents: TRUCKS });
    const pages = rest.filter(([kind]) => kind === 'page').map(([, p]) => p as SnapshotPage);
    // Every page comes right after the head, before any newer delta.
    expect(pages.length).toBeGreaterThan(1);
    expect(rest.slice(0, pages.length).every(([kind]) => kind === 'page')).toBe(true);
    const queues = joinSnapshotPages(head.paging!, head.seq, pages);
    expect(head.seq).toBe(whole[0]!.seq);
    expect(queues?.documents?.map((e) => (e as { trip: { id: string } }).trip.id)).toEqual(whole[0]!.queues.documents!.map((e) => e.trip.id));
    expect(head.queues.documents!.length).toBeLessThan(TRUCKS / 4);
  });

  it('refuses `paged` for anything but a gate, naming the field', async () => {
    const socket = await t.socket(await t.token('operator1'));
    const ack = await socket.emitWithAck('subscribe', { tripId: 'paged-1', paged: true });
    expect(ack).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', field: 'paged' } });
  });
});
