/** Examples of the trip, vehicle and auth routes (see define-route.ts, RouteExamples). */
import type { ExamplesFor } from '../define-route.ts';
import type { AUTH_ROUTES } from '../auth-routes.ts';
import type { TRIP_ROUTES } from '../trip-routes.ts';
import type { VEHICLE_ROUTES } from '../vehicle-routes.ts';
import type { CreateTripRequestInput } from '../../trip.ts';
import { EXAMPLE_IDS } from './example-ids.ts';
import { ANSWERS } from './example-answers.ts';

const TRIP_REQUEST = {
  gateCode: 'KT',
  direction: 'exit',
  vehicle: { plate: '24C-123.45', trailerPlate: '24R-012.34' },
  driver: { fullName: 'Nguyễn Văn An', phone: '+84912345678', licenseNo: 'LC-FC-001234' },
  cargo: [{ description: 'Gạch men ốp lát', hsCode: '6907.21.10', packages: 40, grossKg: 12000 }],
  containers: [{ number: 'CSQU3054383', seals: ['VN123456'] }],
  declarations: ['300000000010'],
  expectedArrival: '2026-12-07T08:30:00+07:00',
} as const;

/** A trip of the batch example: another truck, driver and declaration than TRIP_REQUEST's. */
const BATCH_TRIP: CreateTripRequestInput = {
  gateCode: 'KT',
  direction: 'exit',
  vehicle: { plate: '24C-456.78' },
  driver: { fullName: 'Lò Văn Sáng', phone: '+84912000111' },
  cargo: [{ description: 'Gạch men ốp lát', hsCode: '6907.21.10', packages: 40, grossKg: 12000 }],
  containers: [],
  declarations: ['300000000020'],
  expectedArrival: '2026-12-07T09:00:00+07:00',
};

const BATCH_TRIP_ANSWER = {
  ...ANSWERS.registerTrip,
  id: EXAMPLE_IDS.trip,
  vehicle: { plate: '24C45678', trailerPlate: null },
  driver: { fullName: 'Lò Văn Sáng', phone: '+84912000111', licenseNo: null },
  cargo: [{ description: 'Gạch men ốp lát', hsCode: '69072110', packages: 40, grossKg: 12000, perishable: false, plantOrAnimal: false }],
  containers: [],
  declarations: ['300000000020'],
  expectedArrival: '2026-12-07T02:00:00.000Z',
};

export const AUTH_EXAMPLES: ExamplesFor<typeof AUTH_ROUTES> = {
  login: { body: { username: 'driver1', password: 'demo' }, response: ANSWERS.login },
  me: { response: ANSWERS.me },
  refreshSession: { body: { refreshToken: EXAMPLE_IDS.refreshToken }, response: ANSWERS.refreshSession },
  logout: {},
};

export const TRIP_EXAMPLES: ExamplesFor<typeof TRIP_ROUTES> = {
  registerTrip: { body: { ...TRIP_REQUEST, cargo: [...TRIP_REQUEST.cargo], containers: [{ ...TRIP_REQUEST.containers[0], seals: ['VN123456'] }], declarations: ['300000000010'] }, response: ANSWERS.registerTrip },
  // The second registration names the first one's truck: refused alone (409 with the trip it meets), the first stays registered.
  registerTripBatch: {
    body: {
      registrations: [
        { idempotencyKey: 'order-2026-1207-001', trip: BATCH_TRIP },
        { idempotencyKey: 'order-2026-1207-002', trip: { ...BATCH_TRIP, declarations: ['300000000030'] } },
      ],
    },
    response: {
      results: [
        { index: 0, status: 201, replayed: false, trip: BATCH_TRIP_ANSWER },
        {
          index: 1,
          status: 409,
          replayed: false,
          problem: {
            type: '/docs/errors#CONFLICT',
            title: 'Conflict',
            status: 409,
            detail: 'This vehicle already has an active trip; cancel or finish it before registering another',
            instance: '/v1/trip-batches',
            code: 'CONFLICT',
            requestId: '5b0e1c52-7d0f-4a43-9a51-0f1d2b3c4d5e',
            errors: [{ pointer: '/vehicle/plate', field: 'vehicle.plate', in: 'body', rule: 'conflict', detail: 'This vehicle already has an active trip; cancel or finish it before registering another' }],
            existingId: EXAMPLE_IDS.trip,
            error: { code: 'CONFLICT', message: 'This vehicle already has an active trip; cancel or finish it before registering another', field: 'vehicle.plate' },
          },
        },
      ],
      registered: 1,
      refused: 1,
    },
  },
  listTrips: { query: { state: 'registered,queued', limit: 20, sort: '-createdAt' }, response: ANSWERS.listTrips },
  readTrip: { params: { tripId: EXAMPLE_IDS.trip }, response: ANSWERS.readTrip },
  correctTrip: {
    params: { tripId: EXAMPLE_IDS.trip },
    body: { driver: { fullName: 'Nguyễn Văn An', phone: '+84912345678', licenseNo: 'LC-FC-001235' }, reason: 'Giấy phép lái xe mới' },
    response: ANSWERS.correctTrip,
  },
  cancelTrip: { params: { tripId: EXAMPLE_IDS.trip }, body: { reason: 'Hàng chưa sẵn sàng' }, response: ANSWERS.cancelTrip },
  tripPass: { params: { tripId: EXAMPLE_IDS.trip }, response: ANSWERS.tripPass },
  tripRevisions: { params: { tripId: EXAMPLE_IDS.trip }, response: ANSWERS.tripRevisions },
};

export const VEHICLE_EXAMPLES: ExamplesFor<typeof VEHICLE_ROUTES> = {
  readVehicle: { params: { plate: '24C-123.45' }, response: ANSWERS.readVehicle },
  authoriseVehicle: { params: { plate: '24C-123.45' }, body: { companyTaxCode: '5300987650' }, response: ANSWERS.authoriseVehicle },
  revokeVehicleAuthorisation: { params: { plate: '24C-123.45', taxCode: '5300987650' }, response: ANSWERS.revokeVehicleAuthorisation },
  resolveVehicleOwner: {
    params: { plate: '24C-678.90' },
    body: { companyTaxCode: '5300246814', reason: 'Giấy đăng ký xe bản gốc đã kiểm tra' },
    response: ANSWERS.resolveVehicleOwner,
  },
};
