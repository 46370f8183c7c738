/**
 * The security headers set once per request from a list made at start-up are exactly helmet's,
 * on an API answer, an error and a page, and X-Powered-By stays off.
 */
import { describe, expect, it } from 'vitest';
import { useTestApi } from '../testing/use-test-api.ts';
import { securityHeaderList } from './security-headers.ts';

const t = useTestApi();

const EXPECTED: Array<[string, string]> = [
  ['Content-Security-Policy', "default-src 'self';base-uri 'self';font-src 'self' data:;form-action 'self';frame-ancestors 'none';img-src 'self' data: blob:;object-src 'none';script-src 'self';script-src-attr 'none';style-src 'self' 'unsafe-inline';connect-src 'self'"],
  ['Cross-Origin-Opener-Policy', 'same-origin'],
  ['Cross-Origin-Resource-Policy', 'same-origin'],
  ['Origin-Agent-Cluster', '?1'],
  ['Referrer-Policy', 'no-referrer'],
  ['X-Content-Type-Options', 'nosniff'],
  ['X-DNS-Prefetch-Control', 'off'],
  ['X-Download-Options', 'noopen'],
  ['X-Frame-Options', 'SAMEORIGIN'],
  ['X-Permitted-Cross-Domain-Policies', 'none'],
  ['X-XSS-Protection', '0'],
];

describe('security headers', () => {
  it("are helmet's, taken once", () => {
    expect(securityHeaderList()).toEqual({ set: EXPECTED, removed: ['X-Powered-By'] });
  });

  it.each(['/', '/v1/me', '/v1/no-such-route', '/healthz'])('are on every answer (%s)', async (path) => {
    const r = await t.call('GET', path);
    for (const [name, value] of EXPECTED) expect(r.headers.get(name), name).toBe(value);
    expect(r.headers.get('x-powered-by')).toBeNull();
    expect(r.headers.get('strict-transport-security')).toBeNull();
  });
});
