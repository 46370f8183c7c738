/**
 * The `list_page` phase of `npm run bench -- api` (issue 13): a forwarder's systems page through the
 * company's trips with an API key, `GET /v1/trips?limit=50&cursor=…`, many at once. The pages' cursors
 * are walked first (not measured); the load then asks for those pages in turn, so deep keyset pages
 * cost what the first one does or the figure shows it.
 */
import { ROUTES, createClient, withQuery } from '@borderflow/client';
import type { LoadOptions } from './load-run.ts';

/** A page as integrators ask for it (the guide's sync uses 100; the console 50). */
const PAGE = 50;
/** Pages walked and then asked for in turn. */
const MAX_PAGES = 40;

/**
 * Issues a `trips:read` key as the company's administrator and returns the load of its page reads.
 *
 * @example
 * const load = await listPageLoad(url, await platform.login('fleetadmin1'), 10, 16);
 */
export async function listPageLoad(url: string, adminToken: string, seconds: number, connections: number): Promise<LoadOptions & { pages: number }> {
  const admin = createClient({ baseUrl: url, token: () => adminToken });
  const { key } = await admin.call(ROUTES.createApiKey, { body: { name: 'bench list pages', scopes: ['trips:read'] } });
  const tms = createClient({ baseUrl: url, apiKey: key });
  const paths: string[] = [];
  let cursor: string | undefined;
  const pageAt = (at: string | undefined) => tms.call(ROUTES.listTrips, { query: { limit: PAGE, cursor: at } });
  while (paths.length < MAX_PAGES) {
    paths.push(withQuery(ROUTES.listTrips.path, { limit: PAGE, cursor }));
    const page = await pageAt(cursor);
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  let i = 0;
  return {
    url, title: 'list pages', connections, duration: seconds, token: key, pages: paths.length,
    requests: [{ kind: 'list-page', method: 'GET', setup: () => ({ path: paths[i++ % paths.length]! }) }],
  };
}
