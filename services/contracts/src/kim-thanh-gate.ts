/**
 * Reference data of the Kim Thành international road border gate (Lào Cai, Vietnam;
 * Hekou, Yunnan across the Red River). Coordinates are approximate: good enough to draw
 * the gate on a map, not surveyed positions.
 *
 * The one source of the gate's data: the database seed (prisma/src/seed.ts), the scheduler's
 * lane list for tests and simulations (services/scheduler/src/kim-thanh-lanes.ts) and the
 * console's map (console/src/app/manager/map/kim-thanh-gate.ts) all read it from here.
 */

export const KIM_THANH_GATE_SEED = {
  code: 'KT',
  name: 'Cửa khẩu quốc tế Kim Thành',
  lat: 22.5265,
  lng: 103.962,
  timezone: 'Asia/Ho_Chi_Minh',
  // [lat, lng] pairs. The border follows the Red River here; China (Hekou) lies north.
  geometry: {
    approximate: true,
    borderLine: [
      [22.5262, 103.9545],
      [22.5276, 103.958],
      [22.5284, 103.9615],
      [22.5283, 103.9655],
      [22.5292, 103.9700],
    ],
    gateArea: [
      [22.5255, 103.9608],
      [22.5274, 103.9608],
      [22.5274, 103.9632],
      [22.5255, 103.9632],
    ],
    yards: { KB1: [[22.5228, 103.9588], [22.5246, 103.9588], [22.5246, 103.9612], [22.5228, 103.9612]] },
    farSide: { name: 'Hà Khẩu (河口)', lat: 22.5325, lng: 103.9640 },
  },
} as const;

export const KIM_THANH_YARD_SEED = {
  code: 'KB1',
  name: 'Bãi chờ KB1',
  lat: 22.5237,
  lng: 103.96,
  capacity: 250,
};

/** The six lanes fixed in the team brief (ids, capabilities, classes). */
export const KIM_THANH_LANE_SEED: Array<{
  code: string;
  name: string;
  direction: 'exit' | 'entry';
  capabilities: string[];
  classes: string[];
  lat: number;
  lng: number;
}> = [
  { code: 'KT-X1', name: 'Làn xuất X1', direction: 'exit', capabilities: ['gate', 'documents', 'weighbridge'], classes: [], lat: 22.5269, lng: 103.9613 },
  { code: 'KT-X2', name: 'Làn xuất X2 (soi chiếu)', direction: 'exit', capabilities: ['gate', 'documents', 'xray', 'physical', 'quarantine'], classes: [], lat: 22.5269, lng: 103.9617 },
  { code: 'KT-P1', name: 'Làn nông sản P1', direction: 'exit', capabilities: ['gate', 'documents', 'quarantine'], classes: ['perishable'], lat: 22.5269, lng: 103.9621 },
  { code: 'KT-N1', name: 'Làn nhập N1', direction: 'entry', capabilities: ['gate', 'documents'], classes: [], lat: 22.5261, lng: 103.9617 },
  { code: 'KT-N2', name: 'Làn nhập N2 (cân)', direction: 'entry', capabilities: ['gate', 'documents', 'weighbridge'], classes: [], lat: 22.5261, lng: 103.9621 },
  { code: 'KT-N3', name: 'Làn nhập N3 (soi chiếu)', direction: 'entry', capabilities: ['gate', 'documents', 'xray', 'physical', 'quarantine'], classes: [], lat: 22.5261, lng: 103.9625 },
];
