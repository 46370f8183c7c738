/** @borderflow/scheduler — the Redis lane scheduler (Lua, atomic, work-conserving). */
export * from './types.ts';
export { GateScheduler, type GateSchedulerOptions } from './gate-scheduler.ts';
export { GateKeys } from './gate-keys.ts';
export { GateReader, placementFromHash, parseStreamEntry } from './gate-reader.ts';
export { projectCallOrder } from './queue-projection.ts';
export { projectLaneCalls } from './lane-projection.ts';
export { queueEta } from './queue-eta.ts';
export { DEFAULT_SERVICE_MS, etaFor, serviceEstimates } from './service-time.ts';
export { replayEvents, type ReplayedState } from './event-replay.ts';
export { startGateTimers } from './gate-timers.ts';
export { checkInvariants } from './invariants.ts';
export { KIM_THANH_LANES } from './kim-thanh-lanes.ts';
export { loadCommands, type LoadedCommand } from './script-loader.ts';
