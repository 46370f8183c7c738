/**
 * The production topology with real processes: two API processes and one
 * worker (`npm run start:api` ×2, `npm run start:worker`). Commands sent to API
 * process B reach, in order, a live client of API process A: the worker reads
 * the stream (fan-out group) and emits through the Socket.IO redis-streams
 * adapter. The worker also persists them, and takes no commands itself.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTopology, type Topology } from './testing/topology.ts';
import { record } from './testing/live-recorder.ts';

let topo: Topology;
beforeAll(async () => {
  topo = await startTopology({ child: { timerIntervalMs: 500 } });
}, 120_000);
afterAll(() => topo?.close(), 60_000);

it('delivers to a client of API process A, in order, the events of commands sent to API process B', { timeout: 120_000 }, async () => {
  // The worker first: it seeds and builds the gate; the API processes then find both.
  const worker = await topo.startWorker();
  const [a, b] = await Promise.all([topo.startApi(), topo.startApi()]);

  // The worker serves probes only.
  expect((await topo.call(worker.url, 'GET', '/readyz')).body).toMatchObject({ status: 'ready' });
  expect((await topo.call(worker.url, 'POST', '/v1/auth/login', undefined, { username: 'operator1', password: 'demo' })).status).toBe(404);

  const operator = await topo.login(b.url, 'operator1');
  const socket = await topo.socket(a.url, operator);
  const live = record(socket);
  const ack = await socket.emitWithAck('subscribe', { gate: 'KT' });
  expect(ack).toMatchObject({ ok: true });

  // Lane status changes, each its own event, alternating so that every one changes something.
  const lanes = ['KT-X1', 'KT-N1', 'KT-N2'];
  const sent: string[] = [];
  for (let i = 0; i < 12; i++) {
    const lane = lanes[i % lanes.length]!;
    const action = Math.floor(i / lanes.length) % 2 === 0 ? 'pause' : 'open';
    const commandId = `topo-${randomUUID()}`;
    const res = await topo.call(b.url, 'POST', `/v1/gates/KT/lanes/${lane}/${action}`, operator, { commandId, reason: 'topology test' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    sent.push(commandId);
  }
  await live.waitForDelta((d) => d.event.commandId === sent.at(-1), { timeoutMs: 20_000 });

  const ours = live.deltas.filter((d) => sent.includes(d.event.commandId!));
  expect(ours.map((d) => d.event.commandId)).toEqual(sent);
  // Everything the client got, ours and the timers', came in seq order, each once.
  const seqs = live.deltas.map((d) => d.seq);
  expect(seqs).toEqual([...new Set(seqs)].sort((x, y) => x - y));

  // The worker stored them in PostgreSQL.
  await expect
    .poll(() => topo.db.prisma.gateEvent.count({ where: { gateCode: 'KT', commandId: { in: sent } } }), { timeout: 20_000 })
    .toBe(sent.length);
});
