/** @borderflow/client — the typed HTTP client of the BorderFlow API (see README.md). */
export * from './api-error.ts';
export * from './client.ts';
export { ROUTES, type RouteName } from '@borderflow/contracts';
export * from './company-feed.ts';
