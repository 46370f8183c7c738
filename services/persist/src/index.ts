/**
 * @borderflow/persist — copies the gates' event streams into PostgreSQL (log + projections)
 * and loads a gate's state back from it to rebuild Redis.
 */
export {
  startEventConsumer,
  compareIds,
  type EventConsumer,
  type EventConsumerOptions,
  type EventConsumerStatus,
} from './event-consumer.ts';
export { storeEvents, type StoreResult } from './store-events.ts';
export { loadGateState } from './rebuild-gate.ts';
