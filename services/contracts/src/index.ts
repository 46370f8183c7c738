/** @borderflow/contracts — the zod schemas and types every package shares. */
export * from './domain.ts';
export * from './gate-event.ts';
export * from './common.ts';
export * from './identifiers/index.ts';
export * from './auth.ts';
export * from './trip.ts';
export * from './lane-action.ts';
export * from './check-in.ts';
export * from './agency-decision.ts';
export * from './stages-for.ts';
export * from './policy.ts';
export * from './error.ts';
export * from './live.ts';
export * from './stats.ts';
export * from './validation-error.ts';
