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
export * from './slot-plan.ts'; // how the demo feeder books and how many trucks the plan calls for
export { startSimulationWorker, type SimulationWorker, type SimulationWorkerOptions } from './simulation-worker.ts';
export * from './devices/camera.ts'; // simulated ANPR cameras (issue 17)
export * from './devices/barrier.ts'; // simulated barriers and lane lights over MQTT (issue 17)
export * from './devices/weighbridge.ts'; // simulated weighbridge (issue 17)
