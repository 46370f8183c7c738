/** @borderflow/customs-authority — a simulated customs system (and quarantine, far-side gate) for demos and tests. */
export * from './authority-config.ts';
export * from './authority-server.ts';
export * from './demo-authority-config.ts';
export { ReceivedLog, type ReceivedMessage } from './received-log.ts';
export { DecisionSender, type CallbackResult } from './decision-sender.ts';
export { OutageSwitch, SimClock } from './sim-clock.ts';
export { planDecisions, type PlannedDecision } from './decision-maker.ts';
