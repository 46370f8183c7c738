/**
 * @borderflow/persist — copies the gates' event streams into PostgreSQL (log + projections)
 * and loads a gate's state back from it to rebuild Redis.
 */
export {
  startEventConsumer,
  PERSIST_SEMANTICS,
  type EventConsumer,
  type EventConsumerOptions,
  type EventConsumerStatus,
} from './event-consumer.ts';
export { storeEvents, type StoreResult } from './store-events.ts';
export { loadGateState } from './rebuild-gate.ts';
export { tripCreated, tripRowVersion, writingTrip, writingTrips, tripVersionKey, TRIP_WRITE_LEASE_MS, type MarkTrips, type TripVersionStore } from './trip-row-version.ts';
export { recoverGate, storedHighWater, type RecoverGateOptions, type RecoveryResult } from './gate-recovery.ts';
export {
  startStreamConsumer,
  eachEntry,
  compareIds,
  deadLetterStream,
  runningStreamConsumers,
  streamConsumerName,
  type BatchOutcome,
  type StreamConsumer,
  type StreamConsumerOptions,
  type StreamConsumerStatus,
  type StreamEntry,
  type StreamSemantics,
} from './stream-consumer.ts';
export { enqueueOutbox, SendLater, startOutboxRelay, type OutboxEntry, type OutboxInput, type OutboxRelay, type OutboxRelayOptions, type OutboxSender } from './outbox.ts';
