/** Examples of the gate, lane, booking and public routes (see define-route.ts, RouteExamples). */
import type { ExamplesFor } from '../define-route.ts';
import type { BOOKING_ROUTES } from '../booking-routes.ts';
import type { GATE_ROUTES } from '../gate-routes.ts';
import type { LANE_ROUTES } from '../lane-routes.ts';
import type { PUBLIC_ROUTES } from '../public-routes.ts';
import type { z } from 'zod';
import type { ZCapacityPlanSchema } from '../../booking.ts';
import { EXAMPLE_IDS, EXAMPLE_TIMES } from './example-ids.ts';
import { ANSWERS } from './example-answers.ts';

type CapacityPlanInput = z.input<typeof ZCapacityPlanSchema>;

const KT = { gate: 'KT' } as const;
const AT_LANE = { gate: 'KT', laneId: EXAMPLE_IDS.lane } as const;
const hours = (n: number): number[] => Array.from({ length: 24 }, (_, h) => (h >= 7 && h < 19 ? n : 0));

/** A plan with a weekday and a Sunday template (also the what-if example's draft). */
export const EXAMPLE_CAPACITY_PLAN: CapacityPlanInput = {
  templates: [
    { name: 'weekday', slots: { exit: { ordinary: hours(12), perishable: hours(4), empty_return: hours(2) }, entry: { ordinary: hours(8), perishable: hours(2), empty_return: hours(2) } } },
    { name: 'sunday', slots: { exit: { ordinary: hours(6), perishable: hours(4), empty_return: hours(1) }, entry: { ordinary: hours(4), perishable: hours(2), empty_return: hours(1) } } },
  ],
  week: ['sunday', 'weekday', 'weekday', 'weekday', 'weekday', 'weekday', 'weekday'],
  exceptions: [{ date: '2027-01-01', template: 'sunday' }],
  closures: [],
  walkInShare: 0.2,
};

export const GATE_EXAMPLES: ExamplesFor<typeof GATE_ROUTES> = {
  checkIn: { params: KT, body: { plate: '24C-123.45', commandId: 'checkin-2026-12-07-0001' }, response: ANSWERS.checkIn },
  readQueue: { params: KT, response: ANSWERS.readQueue },
  markNoShow: { params: { gate: 'KT', tripId: EXAMPLE_IDS.trip }, body: { commandId: 'noshow-2026-12-07-0001' }, response: ANSWERS.markNoShow },
  releaseHold: { params: { gate: 'KT', tripId: EXAMPLE_IDS.trip }, body: { commandId: 'release-2026-12-07-0001' }, response: ANSWERS.releaseHold },
  gateStats: { params: KT, query: { from: '2026-12-06T00:00:00+07:00', to: '2026-12-07T00:00:00+07:00' }, response: ANSWERS.gateStats },
  readPolicy: { params: KT, response: ANSWERS.readPolicy },
  publishPolicy: {
    params: KT,
    body: {
      interleave: ['perishable', 'trusted', 'ordinary', 'ordinary', 'ordinary', 'ordinary', 'ordinary'],
      agingMs: 7_200_000,
      callUpTimeoutMs: 600_000,
      noShowPenaltyMs: 1_800_000,
      appointmentGraceMs: 1_800_000,
      crossCapPerHour: { exit: 60, entry: 60 },
    },
    response: ANSWERS.publishPolicy,
  },
};

export const LANE_EXAMPLES: ExamplesFor<typeof LANE_ROUTES> = {
  listLanes: { params: KT, response: ANSWERS.listLanes },
  openLane: { params: { gate: 'KT', laneId: 'KT-X2' }, body: { reason: 'Mở lại làn sau giờ nghỉ', commandId: 'open-2026-12-07-0001' }, response: ANSWERS.openLane },
  pauseLane: { params: { gate: 'KT', laneId: 'KT-X2' }, body: { reason: 'Đổi ca', commandId: 'pause-2026-12-07-0001' }, response: ANSWERS.pauseLane },
  closeLane: { params: { gate: 'KT', laneId: 'KT-X2' }, body: { reason: 'Hết giờ làm việc', commandId: 'close-2026-12-07-0001' }, response: ANSWERS.closeLane },
  laneMaintenance: { params: { gate: 'KT', laneId: 'KT-P1' }, body: { reason: 'Bảo trì máy soi', commandId: 'maint-2026-12-07-0001' }, response: ANSWERS.laneMaintenance },
  arriveAtLane: { params: AT_LANE, body: { tripId: EXAMPLE_IDS.trip, commandId: 'arrive-2026-12-07-0001' }, response: ANSWERS.arriveAtLane },
  startInspection: { params: AT_LANE, body: { tripId: EXAMPLE_IDS.trip, commandId: 'start-2026-12-07-0001' }, response: ANSWERS.startInspection },
  completeInspection: {
    params: AT_LANE,
    body: { tripId: EXAMPLE_IDS.trip, outcome: 'cleared', note: 'Hồ sơ đầy đủ', commandId: 'complete-2026-12-07-0001' },
    response: ANSWERS.completeInspection,
  },
};

export const BOOKING_EXAMPLES: ExamplesFor<typeof BOOKING_ROUTES> = {
  bookSlot: { body: { tripId: EXAMPLE_IDS.trip, slotStart: EXAMPLE_TIMES.slotStart }, response: ANSWERS.bookSlot },
  listBookings: { response: ANSWERS.listBookings },
  rescheduleBooking: { params: { bookingId: EXAMPLE_IDS.booking }, body: { slotStart: EXAMPLE_TIMES.otherSlotStart }, response: ANSWERS.rescheduleBooking },
  cancelBooking: { params: { bookingId: EXAMPLE_IDS.booking }, body: { reason: 'Xe hỏng giữa đường' }, response: ANSWERS.cancelBooking },
  bookingSuspension: { params: { driverId: EXAMPLE_IDS.driver }, response: ANSWERS.bookingSuspension },
  waiveSuspension: { body: { driverId: EXAMPLE_IDS.driver, reason: 'Lần vắng mặt do sạt lở đường, đã xác minh' }, response: ANSWERS.waiveSuspension },
  readCapacityPlan: { params: KT, response: { gate: 'KT', version: 1, timezone: 'Asia/Ho_Chi_Minh', plan: EXAMPLE_CAPACITY_PLAN } },
  publishCapacityPlan: {
    params: KT,
    body: EXAMPLE_CAPACITY_PLAN,
    response: { version: 2, notified: 0 },
  },
  slotUse: { params: KT, query: { date: EXAMPLE_TIMES.date }, response: ANSWERS.slotUse },
  publicSlots: { params: KT, query: { date: EXAMPLE_TIMES.date }, response: ANSWERS.publicSlots },
  joinWaitlist: { params: KT, body: { tripId: EXAMPLE_IDS.trip, slotStart: EXAMPLE_TIMES.slotStart }, response: ANSWERS.joinWaitlist },
  myWaitlist: { params: KT, response: ANSWERS.myWaitlist },
  acceptWaitlistOffer: { params: { gate: 'KT', entryId: EXAMPLE_IDS.waitlistEntry }, response: ANSWERS.acceptWaitlistOffer },
  leaveWaitlist: { params: { gate: 'KT', entryId: EXAMPLE_IDS.waitlistEntry }, response: ANSWERS.leaveWaitlist },
  requestSlotRelease: { params: KT, body: { tripId: EXAMPLE_IDS.trip, slotStart: EXAMPLE_TIMES.slotStart }, response: ANSWERS.requestSlotRelease },
  readSlotRelease: { params: { gate: 'KT', date: EXAMPLE_TIMES.date }, response: ANSWERS.readSlotRelease },
};

export const PUBLIC_EXAMPLES: ExamplesFor<typeof PUBLIC_ROUTES> = {
  publicWaits: { response: ANSWERS.publicWaits },
};
