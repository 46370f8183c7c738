/** Worked calls of the barrier, signal and weighbridge routes. */
import type { ExamplesFor } from '../define-route.ts';
import type { GATE_SIGNAL_ROUTES } from '../gate-signal-routes.ts';
import type { SignalCommandView } from '../../gate-signals.ts';
import { EXAMPLE_IDS } from './example-ids.ts';

const KT = { gate: 'KT' } as const;
const BARRIER_ID = 'c0ffee00-0000-4000-8000-0000000000b1';
const UNCONFIRMED: SignalCommandView = {
  commandId: 'c0ffee00-0000-4000-8000-0000000000c1',
  deviceId: BARRIER_ID,
  action: 'open',
  tripId: EXAMPLE_IDS.trip,
  plate: '24C12345',
  status: 'failed',
  attempts: 3,
  failure: 'no_ack',
  createdAt: '2026-12-06T09:15:02.000Z',
  doneAt: '2026-12-06T09:15:08.000Z',
};

export const GATE_SIGNAL_EXAMPLES: ExamplesFor<typeof GATE_SIGNAL_ROUTES> = {
  gateSignals: {
    params: KT,
    response: {
      gate: 'KT',
      devices: [
        { deviceId: BARRIER_ID, name: 'Yard exit barrier', kind: 'barrier', laneId: null, state: 'close', latest: UNCONFIRMED },
        {
          deviceId: 'c0ffee00-0000-4000-8000-0000000000b2', name: 'Lane X1 light', kind: 'signal', laneId: 'KT-X1', state: 'green',
          latest: { ...UNCONFIRMED, commandId: 'c0ffee00-0000-4000-8000-0000000000c2', deviceId: 'c0ffee00-0000-4000-8000-0000000000b2', action: 'green', status: 'acked', attempts: 1, failure: null },
        },
      ],
      unconfirmed: [UNCONFIRMED],
    },
  },
  actSignalByHand: {
    params: { gate: 'KT', commandId: UNCONFIRMED.commandId },
    body: { note: 'barrier lifted by hand, controller reset' },
    response: { ...UNCONFIRMED, status: 'manual', doneAt: '2026-12-06T09:16:30.000Z' },
  },
  gateWeighings: {
    params: KT,
    response: {
      gate: 'KT',
      held: [{
        id: 'c0ffee00-0000-4000-8000-0000000000d1', tripId: EXAMPLE_IDS.trip, plate: '24C12345', grossKg: 27_350, axles: 3, combination: 'rigid',
        limitKg: 24_000, overweight: true, holdOpen: true, weighedAt: '2026-12-06T09:10:00.000Z',
      }],
    },
  },
};
