/** Worked calls of the device routes (a camera's push, the confirmation queue, health, the registry). */
import type { ExamplesFor } from '../define-route.ts';
import type { DEVICE_ROUTES } from '../device-routes.ts';
import type { PlateConfirmation } from '../../devices.ts';
import { EXAMPLE_IDS } from './example-ids.ts';

const KT = { gate: 'KT' } as const;
const DEVICE = {
  id: EXAMPLE_IDS.device,
  gate: 'KT',
  name: 'Yard entrance camera 1',
  kind: 'anpr',
  position: 'yard-entrance',
  laneId: null,
  prefix: 'bfv_0123456789abcdef',
  createdAt: '2026-12-06T08:00:00.000Z',
  lastSeenAt: '2026-12-06T09:14:58.000Z',
} as const;
const CONFIRMATION: PlateConfirmation = {
  id: EXAMPLE_IDS.plateConfirmation,
  gate: 'KT',
  deviceId: EXAMPLE_IDS.device,
  readPlate: '24C1234S',
  confidence: 0.62,
  imageRef: 'https://cam-kt-in-1.gate.local/ISAPI/pictures/20261206091502-1.jpg',
  candidates: [{ tripId: EXAMPLE_IDS.trip, plate: '24C12345', kind: 'misread', distance: 0.25 }],
  status: 'pending',
  tripId: null,
  createdAt: '2026-12-06T09:15:02.000Z',
};

export const DEVICE_EXAMPLES: ExamplesFor<typeof DEVICE_ROUTES> = {
  // The bodies (documented, read raw by the gateway) are in docs/devices.md.
  pushDeviceEvent: {
    response: { messageId: 'c0ffee00-0000-4000-8000-0000000000f1', outcome: 'checked_in', tripId: EXAMPLE_IDS.trip, confirmationId: null },
  },
  pushHikvisionEvent: {
    response: { messageId: 'c0ffee00-0000-4000-8000-0000000000f2', outcome: 'confirm_queued', tripId: null, confirmationId: EXAMPLE_IDS.plateConfirmation },
  },
  pushHikvisionIsapiEvent: {
    response: { messageId: 'c0ffee00-0000-4000-8000-0000000000f3', outcome: 'checked_in', tripId: EXAMPLE_IDS.trip, confirmationId: null },
  },
  pushDahuaEvent: {
    response: { messageId: 'c0ffee00-0000-4000-8000-0000000000f4', outcome: 'no_read', tripId: null, confirmationId: null },
  },
  listPlateConfirmations: { params: KT, response: { confirmations: [CONFIRMATION] } },
  decidePlateConfirmation: {
    params: { gate: 'KT', confirmationId: EXAMPLE_IDS.plateConfirmation },
    body: { decision: 'check_in', tripId: EXAMPLE_IDS.trip },
    response: { ...CONFIRMATION, status: 'confirmed', tripId: EXAMPLE_IDS.trip },
  },
  gateDeviceHealth: {
    params: KT,
    response: {
      gate: 'KT',
      devices: [{ id: EXAMPLE_IDS.device, name: DEVICE.name, kind: 'anpr', position: 'yard-entrance', laneId: null, lastSeenAt: DEVICE.lastSeenAt, silent: false, readsLastHour: 212, doubtfulShare: 0.06, errorsLastHour: 0 }],
      alerts: [],
    },
  },
  listDevices: { response: { devices: [DEVICE] } },
  createDevice: {
    body: { gate: 'KT', name: 'Yard entrance camera 1', kind: 'anpr', position: 'yard-entrance' },
    response: { ...DEVICE, lastSeenAt: null, key: 'bfv_0123456789abcdef_AbCdEfGhIjKlMnOpQrStUvWxYz012345' },
  },
  revokeDevice: { params: { deviceId: EXAMPLE_IDS.device } },
};
