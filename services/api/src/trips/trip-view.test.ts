/**
 * A trip's view reads a class source it does not know (a row written by a newer version) as the
 * default rule, and a known one as stored; the schema doing it is built once, not per view.
 */
import { describe, expect, it } from 'vitest';
import { toTripView, type TripRow } from './trip-view.ts';

const at = new Date('2026-03-01T01:00:00.000Z');
const row = (classSource: string) => ({
  id: 't1', gate: { code: 'KT' }, direction: 'export', state: 'registered', priorityClass: 'ordinary', classSource,
  vehicle: { plate: '24C12345' }, trailer: null, driver: { fullName: 'A', phone: '0900000000', licenseNo: 'L1' },
  cargo: [], containers: [], declarations: [], expectedArrival: at, appointmentAt: null, channel: null,
  stages: ['gate'], stageIndex: 0, laneCode: null, createdAt: at, updatedAt: at, _count: { revisions: 0 },
}) as unknown as TripRow;

describe('toTripView', () => {
  it('reads an unknown class source as the default rule, a known one as stored', () => {
    expect(toTripView(row('from-a-newer-version'), null).priority).toMatchObject({ source: 'default' });
    expect(toTripView(row('walk-in'), null).priority).toMatchObject({ source: 'walk-in' });
  });
});
