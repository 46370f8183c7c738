/**
 * Kim Thành's lanes as the scheduler sees them, from the gate's one data file in contracts
 * (the database seed reads the same). Used by tests, benchmarks and the simulator.
 */
import { KIM_THANH_LANE_SEED } from '@borderflow/contracts';
import type { LaneConfig } from './types.ts';

export const KIM_THANH_LANES: LaneConfig[] = KIM_THANH_LANE_SEED.map((lane) => ({
  id: lane.code,
  name: lane.name,
  direction: lane.direction,
  capabilities: lane.capabilities as LaneConfig['capabilities'],
  classes: lane.classes as LaneConfig['classes'],
  status: 'open',
}));
