/**
 * The security headers of every answer (helmet's, configured once here). None depends on the request
 * (no CSP nonce), so helmet's chain of a dozen middleware is run once at start-up on a stand-in
 * response and every request gets the headers it set in one step (http/request-frame.ts): the same headers, in the same
 * order, without walking the chain per request (issue 15).
 */
import helmet from 'helmet';

/** What helmet is asked for: the console's policy (see each directive's reason). */
const SECURITY = helmet({
  contentSecurityPolicy: {
    directives: {
      'default-src': ["'self'"],
      // The console's own modules and the socket.io client it loads from this server; nothing remote.
      'script-src': ["'self'"],
      // Map and chart libraries set inline styles.
      'style-src': ["'self'", "'unsafe-inline'"],
      'img-src': ["'self'", 'data:', 'blob:'],
      'font-src': ["'self'", 'data:'],
      // Socket.IO: polling over HTTP and the WebSocket upgrade, both on the same origin ('self'
      // covers ws:/wss: to this host in CSP 3); a bare `ws:` would let injected code talk to any host.
      'connect-src': ["'self'"],
      'object-src': ["'none'"],
      'frame-ancestors': ["'none'"],
      'base-uri': ["'self'"],
      'form-action': ["'self'"],
      'upgrade-insecure-requests': null,
    },
  },
  // The gate network is often plain HTTP on a LAN: do not pin HSTS here (the TLS proxy should).
  strictTransportSecurity: false,
});

/**
 * The headers helmet sets, in its order, as `[name, value]` pairs; and the ones it removes.
 *
 * @example
 * const { set } = securityHeaderList(); // [['Content-Security-Policy', "default-src 'self';…"], …]
 */
export function securityHeaderList(): { set: Array<[string, string]>; removed: string[] } {
  const set: Array<[string, string]> = [];
  const removed: string[] = [];
  let done = false;
  const res = {
    setHeader: (name: string, value: string) => { set.push([name, value]); },
    removeHeader: (name: string) => { removed.push(name); },
  };
  // helmet's middleware only sets and removes headers; a request is never read (no nonce, no function directive).
  (SECURITY as unknown as (req: unknown, res: unknown, next: (err?: unknown) => void) => void)({}, res, (err) => {
    if (err) throw err instanceof Error ? err : new Error(String(err));
    done = true;
  });
  if (!done) throw new Error('helmet did not finish synchronously: its headers now depend on the request');
  return { set, removed };
}
