/**
 * Kim Thành's lanes as the scheduler sees them (the database seed holds the
 * same, with coordinates). Used by tests, benchmarks and the simulator.
 */
import type { LaneConfig } from './types.ts';

export const KIM_THANH_LANES: LaneConfig[] = [
  { id: 'KT-X1', name: 'Xuất 1', direction: 'exit', capabilities: ['gate', 'documents', 'weighbridge'], classes: [], status: 'open' },
  { id: 'KT-X2', name: 'Xuất 2', direction: 'exit', capabilities: ['gate', 'documents', 'xray', 'physical', 'quarantine'], classes: [], status: 'open' },
  { id: 'KT-N1', name: 'Nhập 1', direction: 'entry', capabilities: ['gate', 'documents'], classes: [], status: 'open' },
  { id: 'KT-N2', name: 'Nhập 2', direction: 'entry', capabilities: ['gate', 'documents', 'weighbridge'], classes: [], status: 'open' },
  { id: 'KT-N3', name: 'Nhập 3', direction: 'entry', capabilities: ['gate', 'documents', 'xray', 'physical', 'quarantine'], classes: [], status: 'open' },
  { id: 'KT-P1', name: 'Hàng tươi', direction: 'exit', capabilities: ['gate', 'documents', 'quarantine'], classes: ['perishable'], status: 'open' },
];
