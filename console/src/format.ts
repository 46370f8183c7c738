/**
 * Pure formatting helpers of the lane board (durations, plates, service
 * progress). They live in public/format.js because the browser loads that
 * file as-is; this module re-exports them, typed, for tests and for Node.
 */
export { formatDuration, formatPlate, roundMinutes, serviceProgress } from '../public/format.js';
