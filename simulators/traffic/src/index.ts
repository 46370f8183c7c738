/** @borderflow/traffic — simulated traffic for demos, tests and benchmarks. */
export * from './traffic-feeder.ts';
export * from './random.ts';
export * from './random-identifiers.ts';
export * from './random-trip.ts';
export * from './cargo-catalog.ts';
export * from './service-times.ts';
export { ApiClient, ApiError } from './api-client.ts';
export type { ApiClientOptions, CheckInResponse, CommandResponse, LanesResponse } from './api-client.ts';
export * from './sim/index.ts'; // the gate simulator (npm run sim, /v1/simulations)
