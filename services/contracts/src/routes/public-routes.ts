/** The public wait-time feed (no sign-in). Route contracts (see define-route.ts); who may call each is the api's permission table. */
import { defineRoute } from './define-route.ts';
import { PUBLIC_WAITS_EXAMPLE } from '../public-waits-example.ts';
import { ZPublicWaitsResponseSchema } from '../public-waits.ts';

/** Seconds a computed feed is reused (in process) and may be cached by clients and proxies. */
export const PUBLIC_WAITS_TTL_S = 10;

export const PUBLIC_ROUTES = {
  publicWaits: defineRoute({
    method: 'get',
    path: '/v1/public/waits',
    summary: `Public wait times (fields as CBP's Border Wait Times): port hours and status, advisories, per direction its status, lanes open and the wait per class in minutes of a truck arriving now; updatedAt = the last measurement; Lạng Sơn congestion band (cached ${PUBLIC_WAITS_TTL_S} s, ETag; no sign-in)`,
    tag: 'public',
    response: ZPublicWaitsResponseSchema.meta({ examples: [PUBLIC_WAITS_EXAMPLE] }),
  }),
};
