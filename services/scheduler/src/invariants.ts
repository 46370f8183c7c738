/**
 * The scheduler's invariants, checked against Redis itself. Tests run them
 * after every step of random concurrent command sequences; the simulator and
 * an operator's diagnostics can run them too.
 */
import type { Redis, Cluster } from 'ioredis';
import { PRIORITY_CLASSES, STAGES, type Direction, type PriorityClass, type Stage } from '@borderflow/contracts';
import type { GateKeys } from './gate-keys.ts';
import { placementFromHash } from './gate-reader.ts';

const DIRECTIONS: Direction[] = ['exit', 'entry'];
const CLASSES = PRIORITY_CLASSES;

/**
 * Returns a list of violations (empty when all hold):
 * - every live trip is in exactly one place (one queue, one lane, held, or an exit queue);
 * - no lane holds two trucks and no truck is in two lanes;
 * - no open lane is idle while a waiting truck it can serve is queued (work conservation);
 * - the idle set is exactly the open, idle lanes; deadlines exist exactly for called trucks.
 * @example expect(await checkInvariants(redis, scheduler.keys)).toEqual([]);
 */
export async function checkInvariants(redis: Redis | Cluster, keys: GateKeys): Promise<string[]> {
  const problems: string[] = [];
  const live = await redis.smembers(keys.live);
  const laneIds = await redis.zrange(keys.lanes, 0, -1);
  const p = redis.pipeline();
  for (const id of laneIds) p.hgetall(keys.lane(id));
  for (const id of live) p.hgetall(keys.trip(id));
  const queueKeys: { key: string; direction: Direction; stage: Stage; cls: PriorityClass }[] = [];
  for (const direction of DIRECTIONS) for (const stage of STAGES) for (const cls of CLASSES) {
    queueKeys.push({ key: keys.queue(direction, stage, cls), direction, stage, cls });
  }
  for (const q of queueKeys) p.zrange(q.key, 0, -1);
  p.zrange(keys.held, 0, -1);
  for (const d of DIRECTIONS) p.zrange(keys.exitQueue(d), 0, -1);
  p.zrange(keys.idle, 0, -1);
  p.zrange(keys.deadlines, 0, -1);
  const res = ((await p.exec()) ?? []).map(([err, v]) => { if (err) throw err; return v; });
  let i = 0;
  const lanes = laneIds.map((id) => ({ id, h: res[i++] as Record<string, string> }));
  const trips = live.map((id) => placementFromHash(id, res[i++] as Record<string, string>));
  const places = new Map<string, string[]>();
  const at = (trip: string, place: string) => places.set(trip, [...(places.get(trip) ?? []), place]);
  const queued: { id: string; direction: Direction; stage: Stage; cls: PriorityClass }[] = [];
  for (const q of queueKeys) {
    for (const id of res[i++] as string[]) { at(id, `queue ${q.key}`); queued.push({ id, ...q }); }
  }
  for (const id of res[i++] as string[]) at(id, 'held');
  for (const _d of DIRECTIONS) for (const id of res[i++] as string[]) at(id, 'exit queue');
  const idle = new Set(res[i++] as string[]);
  const deadlines = new Set(res[i++] as string[]);
  for (const lane of lanes) if (lane.h.trip) at(lane.h.trip, `lane ${lane.id}`);

  const liveSet = new Set(live);
  for (const [trip, where] of places) {
    if (!liveSet.has(trip)) problems.push(`trip ${trip} is placed (${where.join(', ')}) but not live`);
    if (where.length !== 1) problems.push(`trip ${trip} is in ${where.length} places: ${where.join(', ')}`);
  }
  for (const t of trips) {
    if (!t) { problems.push('a live trip has no hash'); continue; }
    const where = places.get(t.id) ?? [];
    if (where.length === 0) problems.push(`trip ${t.id} (${t.state}) is nowhere`);
    const expected = t.state === 'queued' ? `queue ${keys.queue(t.direction, t.stage!, t.priorityClass)}`
      : t.state === 'held' ? 'held'
      : t.state === 'exit_queue' ? 'exit queue'
      : `lane ${t.laneId}`;
    if (where.length === 1 && where[0] !== expected) problems.push(`trip ${t.id} is ${t.state} but in ${where[0]}`);
    if ((t.state === 'called') !== deadlines.has(t.id)) problems.push(`trip ${t.id} (${t.state}) deadline mismatch`);
  }
  for (const lane of lanes) {
    const h = lane.h;
    const openIdle = h.status === 'open' && h.occupancy === 'idle';
    if (openIdle !== idle.has(lane.id)) problems.push(`lane ${lane.id} (${h.status}/${h.occupancy}) idle-set mismatch`);
    if ((h.occupancy === 'idle') !== !h.trip) problems.push(`lane ${lane.id} occupancy ${h.occupancy} with trip '${h.trip}'`);
    if (!openIdle) continue;
    const caps = h.caps ?? '';
    const classes = (h.classes ?? '').split(',').filter(Boolean);
    const servable = queued.find((q) => q.direction === h.direction && caps.includes(`,${q.stage},`)
      && (classes.length === 0 || classes.includes(q.cls)));
    if (servable) problems.push(`lane ${lane.id} is idle while trip ${servable.id} waits for ${servable.stage}`);
  }
  return problems;
}
