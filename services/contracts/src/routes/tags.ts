/**
 * The groups of the API reference (OpenAPI `tags`), in the order an integrator meets them. Every
 * route's `tag` must be one of these (openapi.test.ts checks it), so /docs never shows a bare name.
 */
export const ROUTE_TAGS = {
  auth: 'Sign in, refresh and sign out; the signed-in user. Systems use an API key instead (X-Api-Key).',
  trips: "Register a truck's trip before it comes, read it with its live queue position and ETA, correct it, cancel it, show its QR pass.",
  booking: 'One-hour arrival slots: book, reschedule, cancel, the waiting list and fair slot release; capacity plans and slot use.',
  company: "A forwarding company's own integration: its API keys and its webhook endpoints with their delivery log (the company administrator only).",
  vehicles: 'Vehicles, their owning company and the companies they authorise to use them.',
  operations: 'The gate at work: check-ins to the staging yard, the queue, lanes and their commands, no-shows and lane holds (operators).',
  agencies: "Agencies' decisions (channel, inspection modes, holds) and the agency adapters' health and dead letters.",
  policy: "A gate's published, versioned priority policy.",
  reports: 'Throughput, waits, lane utilisation and hold times of a gate.',
  public: 'Open feeds without sign-in: wait times and free slots (cached, with ETag).',
  audit: 'The append-only audit log of privileged actions and its CSV export.',
  admin: 'User accounts and roles (administrators), and the demo traffic feeder.',
  simulations: 'Simulate a scenario under one or more priority policies and read the report.',
  display: "The yard's LED board: display tokens and the board's data.",
  push: "Web Push subscriptions of a driver's browsers.",
  province: "The province's data platform (LGSP / IOC): anonymised hourly stats and trip events for a data-consumer key (CC BY 4.0), and the keys an administrator issues.",
  devices: 'Gate devices: ANPR cameras push plate reads and heartbeats with their own key; the operators\' plate confirmation queue, device health and alerts; device keys an administrator issues.',
  probes: 'Liveness, readiness and Prometheus metrics, served outside /v1 for load balancers and scrapers.',
} as const;

export type RouteTag = keyof typeof ROUTE_TAGS;
