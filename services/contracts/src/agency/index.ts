/** Versioned messages between BorderFlow and the agencies' systems (schemaVersion 1.0). */
export * from './envelope.ts';
export * from './movement-notice.ts';
export * from './movement-notice-from-trip.ts';
export * from './agency-decision-message.ts';
export * from './gate-evidence.ts';
export * from './gate-event-message.ts';
export * from './check-evidence.ts';
export * from './gate-event-mapping.ts';
