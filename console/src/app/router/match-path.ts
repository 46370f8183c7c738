/**
 * Path patterns of the console's routes: literal segments and `:name` parameters, nothing else
 * (no regexes, no optional parts) so the route table stays readable.
 */

export type RouteParams = Record<string, string>;

/**
 * The parameters of `pathname` under `pattern`, or null when it does not match.
 * A trailing slash is ignored; parameters are URI-decoded.
 *
 * @example
 * matchPath('/driver/trips/:tripId', '/driver/trips/abc'); // { tripId: 'abc' }
 * matchPath('/operator', '/manager');                      // null
 */
export function matchPath(pattern: string, pathname: string): RouteParams | null {
  const want = split(pattern);
  const have = split(pathname);
  if (want.length !== have.length) return null;
  const params: RouteParams = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    const h = have[i]!;
    if (w.startsWith(':')) {
      try {
        params[w.slice(1)] = decodeURIComponent(h);
      } catch {
        return null;
      }
    } else if (w !== h) {
      return null;
    }
  }
  return params;
}

function split(path: string): string[] {
  return path.split('/').filter((s) => s !== '');
}

/**
 * Fills a pattern's parameters (URI-encoded).
 *
 * @example
 * buildPath('/driver/trips/:tripId', { tripId: 'a b' }); // "/driver/trips/a%20b"
 */
export function buildPath(pattern: string, params: RouteParams = {}): string {
  return pattern.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));
}
