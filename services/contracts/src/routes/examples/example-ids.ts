/**
 * Ids in the route examples. They are ids the server mints (trips, bookings, keys…), so the api's
 * route-examples test creates the thing first and swaps the placeholder for the real id before it
 * sends the example. Each is unique, so a plain text replacement cannot hit anything else.
 */
export const EXAMPLE_IDS = {
  trip: 'c0ffee00-0000-4000-8000-000000000001',
  booking: 'c0ffee00-0000-4000-8000-000000000002',
  apiKey: 'c0ffee00-0000-4000-8000-000000000003',
  user: 'c0ffee00-0000-4000-8000-000000000004',
  simulation: 'c0ffee00-0000-4000-8000-000000000005',
  webhook: 'c0ffee00-0000-4000-8000-000000000006',
  deadLetter: 'c0ffee00-0000-4000-8000-000000000007',
  driver: 'c0ffee00-0000-4000-8000-000000000008',
  company: 'c0ffee00-0000-4000-8000-000000000009',
  displayToken: 'c0ffee00-0000-4000-8000-00000000000a',
  pushSubscription: 'c0ffee00-0000-4000-8000-00000000000b',
  dataConsumer: 'c0ffee00-0000-4000-8000-00000000000c',
  waitlistEntry: 'c0ffee00-0000-4000-8000-00000000000d',
  device: 'c0ffee00-0000-4000-8000-00000000000e',
  plateConfirmation: 'c0ffee00-0000-4000-8000-00000000000f',
  /** A company's webhook receiver (the test swaps in its own listener: the server resolves and calls it). */
  webhookUrl: 'https://tms.example.vn/borderflow/webhooks',
  /** A browser's push service endpoint (the test swaps in its own listener, as for webhookUrl). */
  pushEndpoint: 'https://fcm.googleapis.com/fcm/send/dQw4w9WgXcQ:APA91bExample',
  /** A refresh token issued at sign-in. */
  refreshToken: 'rt_example_refresh_token',
  /** The lane a truck was called to. */
  lane: 'KT-N1',
} as const;

/** Times in examples that must lie ahead of the test's clock (a slot start): the test moves them to tomorrow. */
export const EXAMPLE_TIMES = {
  slotStart: '2026-12-07T09:00:00+07:00',
  otherSlotStart: '2026-12-07T10:00:00+07:00',
  date: '2026-12-07',
} as const;
