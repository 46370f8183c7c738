/**
 * The console's API client: @borderflow/client (calls by route from the contracts' route table,
 * answers parsed by their schemas, every failure an `ApiError` carrying the server's message and
 * field — "no silent failures") with the console's session: the bearer token, and a 401 retried
 * once with a token renewed from the refresh token before the session counts as ended.
 */
import { createClient, type BorderFlowClient } from '@borderflow/client';
import type { ApiError } from './api-error.ts';

/** Every route is in the contracts' route table: the console calls them with `call(ROUTES.x, …)`. */
export type ApiClient = BorderFlowClient;

export interface ApiClientOptions {
  /** '' (same origin) in the app; a full URL in tests. */
  baseUrl?: string;
  getToken?: () => string | null;
  /** The reader's language, sent as Accept-Language so the server's messages and pages come in it. */
  language?: () => string | null | undefined;
  /**
   * Called on a 401 of an authenticated call: resolves with a fresh access token (the call is
   * then retried once) or null when the session cannot be renewed.
   */
  renewToken?: () => Promise<string | null>;
  /** Called on a 401 from an authenticated call that renewing did not cure (expired or revoked session). */
  onUnauthenticated?: (error: ApiError) => void;
  fetch?: typeof fetch;
}

/**
 * @example
 * const api = createApiClient({ getToken: () => session.token });
 * const { lanes } = await api.call(ROUTES.listLanes, { params: { gate: 'KT' } });
 * await api.call(ROUTES.pauseLane, { params: { gate: 'KT', laneId: 'KT-X1' }, body: { reason: 'lunch' } }); // throws ApiError on 4xx/5xx
 */
export function createApiClient(options: ApiClientOptions = {}): ApiClient {
  return createClient({
    baseUrl: options.baseUrl ?? '',
    ...(options.getToken ? { token: options.getToken } : {}),
    ...(options.renewToken ? { renewToken: options.renewToken } : {}),
    ...(options.onUnauthenticated ? { onUnauthenticated: options.onUnauthenticated } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.language ? { language: () => options.language?.() ?? undefined } : {}),
  });
}
