/**
 * The route table: every HTTP route of the API, by name. The api binds a handler and a permission to
 * each (services/api/src/routes), /openapi.json is built from them, and @borderflow/client calls them.
 */
import { ADMIN_USER_ROUTES } from './admin-user-routes.ts';
import { AGENCY_ROUTES } from './agency-routes.ts';
import { API_KEY_ROUTES } from './api-key-routes.ts';
import { AUDIT_ROUTES } from './audit-routes.ts';
import { AUTH_ROUTES } from './auth-routes.ts';
import { BOOKING_ROUTES } from './booking-routes.ts';
import { COMPANY_WEBHOOK_ROUTES } from './company-webhook-routes.ts';
import { DEVICE_ROUTES } from './device-routes.ts';
import { GATE_SIGNAL_ROUTES } from './gate-signal-routes.ts';
import { COMPANY_FEED_ROUTES } from './company-feed-routes.ts';
import { DISPLAY_ROUTES } from './display-routes.ts';
import { GATE_ROUTES } from './gate-routes.ts';
import { LANE_ROUTES } from './lane-routes.ts';
import { PROVINCE_ROUTES } from './province-routes.ts';
import { PUBLIC_ROUTES } from './public-routes.ts';
import { PUSH_ROUTES } from './push-routes.ts';
import { SIMULATION_ROUTES } from './simulation-routes.ts';
import { TRIP_ROUTES } from './trip-routes.ts';
import { VEHICLE_ROUTES } from './vehicle-routes.ts';
import { WEBHOOK_ROUTES } from './webhook-routes.ts';

import { withExamples } from './define-route.ts';
import { ADMIN_USER_EXAMPLES, AGENCY_EXAMPLES, API_KEY_EXAMPLES, AUDIT_EXAMPLES, COMPANY_FEED_EXAMPLES, SIMULATION_EXAMPLES, WEBHOOK_EXAMPLES } from './examples/company-examples.ts';
import { BOOKING_EXAMPLES, GATE_EXAMPLES, LANE_EXAMPLES, PUBLIC_EXAMPLES } from './examples/gate-examples.ts';
import { AUTH_EXAMPLES, TRIP_EXAMPLES, VEHICLE_EXAMPLES } from './examples/trip-examples.ts';
import { DEVICE_EXAMPLES } from './examples/device-examples.ts';
import { GATE_SIGNAL_EXAMPLES } from './examples/gate-signal-examples.ts';
import { COMPANY_WEBHOOK_EXAMPLES, DISPLAY_EXAMPLES, PROVINCE_EXAMPLES, PUSH_EXAMPLES } from './examples/notify-examples.ts';

export * from './define-route.ts';
export { EXAMPLE_IDS, EXAMPLE_TIMES } from './examples/example-ids.ts';
export * from './params.ts';
export * from './tags.ts';
export { ZTripListQuerySchema, ZCancelTripRequestSchema, TRIP_SORTS } from './trip-routes.ts';
export { ZLanesResponseSchema } from './lane-routes.ts';
export { ZCheckInResponseSchema, ZQueueResponseSchema, ZPolicyResponseSchema } from './gate-routes.ts';
export { ZAgencyDecisionResponseSchema, ZReceivedDecisionsResponseSchema, ZPollResponseSchema } from './agency-routes.ts';
export { PUBLIC_SLOTS_TTL_S, ZWaitlistEntryParamsSchema, ZSlotReleaseParamsSchema } from './booking-routes.ts';
export { ZFeederSwitchSchema, ZSetFeederRequestSchema, type FeederSwitch } from './admin-user-routes.ts';
export { PUBLIC_WAITS_TTL_S } from './public-routes.ts';
export { ZGateWeighingsSchema } from './gate-signal-routes.ts';

/**
 * @example
 * ROUTES.readTrip.path; // '/v1/trips/:tripId'
 */
export const ROUTES = {
  ...withExamples(AUTH_ROUTES, AUTH_EXAMPLES),
  ...withExamples(ADMIN_USER_ROUTES, ADMIN_USER_EXAMPLES),
  ...withExamples(API_KEY_ROUTES, API_KEY_EXAMPLES),
  ...withExamples(TRIP_ROUTES, TRIP_EXAMPLES),
  ...withExamples(VEHICLE_ROUTES, VEHICLE_EXAMPLES),
  ...withExamples(LANE_ROUTES, LANE_EXAMPLES),
  ...withExamples(GATE_ROUTES, GATE_EXAMPLES),
  ...withExamples(SIMULATION_ROUTES, SIMULATION_EXAMPLES),
  ...withExamples(PUBLIC_ROUTES, PUBLIC_EXAMPLES),
  ...withExamples(AGENCY_ROUTES, AGENCY_EXAMPLES),
  ...withExamples(AUDIT_ROUTES, AUDIT_EXAMPLES),
  ...withExamples(BOOKING_ROUTES, BOOKING_EXAMPLES),
  ...withExamples(WEBHOOK_ROUTES, WEBHOOK_EXAMPLES),
  ...withExamples(DISPLAY_ROUTES, DISPLAY_EXAMPLES),
  ...withExamples(COMPANY_WEBHOOK_ROUTES, COMPANY_WEBHOOK_EXAMPLES),
  ...withExamples(COMPANY_FEED_ROUTES, COMPANY_FEED_EXAMPLES),
  ...withExamples(PUSH_ROUTES, PUSH_EXAMPLES),
  ...withExamples(PROVINCE_ROUTES, PROVINCE_EXAMPLES),
  ...withExamples(DEVICE_ROUTES, DEVICE_EXAMPLES),
  ...withExamples(GATE_SIGNAL_ROUTES, GATE_SIGNAL_EXAMPLES),
};

export type RouteName = keyof typeof ROUTES;
