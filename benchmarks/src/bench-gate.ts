/**
 * The scheduler benches' gate: `lanes` open document lanes on the exit side, then `lanes + waiting`
 * check-ins in a fixed mix of classes (so every lane is busy and `waiting` trucks queue). The
 * throughput bench and the instruction count both start from it, so their figures describe the
 * same gate.
 */
import { DEFAULT_POLICY, type PriorityClass } from '@borderflow/contracts';
import type { GateScheduler, LaneConfig } from '@borderflow/scheduler';

/** The class mix of the bench's trucks (half ordinary, as on a normal day). */
export const BENCH_CLASSES: PriorityClass[] = ['ordinary', 'ordinary', 'ordinary', 'trusted', 'perishable', 'empty_return'];

/**
 * Configures the lanes and checks the trucks in, 500 at a time; `checkIn` adds one more truck of the mix.
 *
 * @example const { lanes, checkIn } = await fillBenchGate(scheduler, 200, 20_000);
 */
export async function fillBenchGate(s: Pick<GateScheduler, 'configure' | 'checkIn'>, laneCount: number, waiting: number) {
  const lanes: LaneConfig[] = Array.from({ length: laneCount }, (_, i) => ({
    id: `L${i}`, name: `Lane ${i}`, direction: 'exit', capabilities: ['documents'], classes: [], status: 'open',
  }));
  const meta = { actor: 'bench' };
  await s.configure(lanes, DEFAULT_POLICY, meta);
  let next = 0;
  // `commandId`: as the API sends every command (each then also reads and stores its answer).
  const checkIn = (commandId?: string) => {
    const id = `b${next++}`;
    return s.checkIn({ tripId: id, plate: id, direction: 'exit', priorityClass: BENCH_CLASSES[next % BENCH_CLASSES.length]!, stages: ['documents'], ...meta, commandId });
  };
  for (let i = 0; i < laneCount + waiting; i += 500) {
    await Promise.all(Array.from({ length: Math.min(500, laneCount + waiting - i) }, () => checkIn()));
  }
  return { lanes, checkIn, meta };
}
