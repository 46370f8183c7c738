/**
 * Serves the console (a single-page app built by Vite into console/dist) at `/`:
 * hashed assets cached for a year, index.html never cached (a new build is seen at once), and
 * index.html for every other GET that accepts HTML — client routes such as /operator/queue or
 * /driver/trips/abc — except the API's own paths, which keep their JSON 404s.
 * Without a build (API tests, a checkout nobody started) `/` says how to get one.
 *
 * The build leaves brotli and gzip copies beside each text file (`app.js.br`, `app.js.gz`,
 * console/src/build/precompress.ts): drivers load the console on phones over mobile data, so a
 * browser that accepts one gets it with `Content-Encoding`, compressed once at build time rather
 * than on every request. `Vary: Accept-Encoding` keeps shared caches from handing a brotli body
 * to a client that cannot read it.
 */
import { existsSync } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';
import express, { type Request, type RequestHandler, type Response, type Router } from 'express';

/** Paths that are never the console's, even when nothing else answered them. */
const NOT_CONSOLE = /^\/(v1|socket\.io|docs|openapi\.json|healthz|readyz|metrics)(\/|$)/;

const NOT_BUILT_PAGE = `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>BorderFlow</title></head>
<body><h1>BorderFlow</h1><p>The console has not been built. <code>npm start</code> builds it; or run
<code>npx vite build</code> in console/. API: <a href="/docs">/docs</a></p></body></html>`;

/** The precompressed copies the build makes, best first, with the file suffix of each. */
const ENCODINGS = [
  { coding: 'br', suffix: '.br' },
  { coding: 'gzip', suffix: '.gz' },
] as const;
type Encoding = (typeof ENCODINGS)[number];

/**
 * The encodings an `Accept-Encoding` header allows, best first: brotli before gzip whatever the
 * header's order (both are lossless; brotli is smaller), none with q=0, `*` standing for any not named.
 *
 * @example
 * acceptedEncodings('gzip, deflate, br'); // [br, gzip]
 * acceptedEncodings('gzip;q=0, *');       // [br]
 */
export function acceptedEncodings(header: string | undefined): Encoding[] {
  const q = new Map<string, number>();
  for (const part of (header ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const weight = params.map((p) => /^\s*q\s*=\s*([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    q.set(name, weight === undefined ? 1 : Number(weight));
  }
  return ENCODINGS.filter(({ coding }) => (q.get(coding) ?? q.get('*') ?? 0) > 0);
}

/** Hashed build assets never change under their name; everything else (index.html, the service worker) is revalidated. */
function cacheControlFor(staticDir: string, file: string): string {
  return file.startsWith(join(staticDir, 'assets') + sep) ? 'public, max-age=31536000, immutable' : 'no-cache';
}

/**
 * Sends `file`'s best precompressed copy the client accepts, or calls `fallback` (the plain
 * file) when there is none, or when it vanished meanwhile (a new build was swapped in).
 */
function sendPrecompressed(req: Request, res: Response, staticDir: string, file: string, fallback: () => void): void {
  const copies = ENCODINGS.filter(({ suffix }) => existsSync(file + suffix));
  // The answer depends on the request's Accept-Encoding whenever the build compressed the file,
  // plain answers included: a shared cache must keep them apart.
  if (copies.length > 0) res.vary('Accept-Encoding');
  const encoding = acceptedEncodings(req.headers['accept-encoding']).find((e) => copies.includes(e));
  if (!encoding) return fallback();
  const headers = { 'content-encoding': encoding.coding, 'cache-control': cacheControlFor(staticDir, file) };
  // The original's type, not the copy's (`.br` has none): send() keeps a type already set.
  res.type(extname(file)).set(headers);
  res.sendFile(file + encoding.suffix, { dotfiles: 'deny' }, (err) => {
    if (!err || res.headersSent) return;
    for (const name of [...Object.keys(headers), 'content-type']) res.removeHeader(name);
    fallback();
  });
}

/**
 * @example
 * app.use(consoleStatic(consoleStaticDir));
 */
export function consoleStatic(staticDir: string): Router {
  const router = express.Router();
  const root = resolve(staticDir);
  const indexFile = join(root, 'index.html');
  router.use((req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    let path: string;
    try {
      path = decodeURIComponent(req.path);
    } catch {
      return next(); // express.static answers a malformed path
    }
    const file = resolve(root, `.${path}`);
    // Only files inside the build, never a folder's own copy or one reached by `..`.
    if (!file.startsWith(root + sep) || path.endsWith('/') || /\.(br|gz)$/.test(file)) return next();
    sendPrecompressed(req, res, root, file, () => next());
  });
  router.use(
    express.static(root, {
      index: false,
      setHeaders: (res, path) => {
        res.setHeader('cache-control', cacheControlFor(root, path));
      },
    }),
  );
  const spaFallback: RequestHandler = (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    if (NOT_CONSOLE.test(req.path) || !req.accepts('html')) return next();
    // A missing file with an extension (an old asset, a typo) is a 404, not the app.
    if (/\.[a-z0-9]+$/i.test(req.path)) return next();
    if (!existsSync(indexFile)) {
      res.status(200).type('html').send(NOT_BUILT_PAGE);
      return;
    }
    sendPrecompressed(req, res, root, indexFile, () => {
      res.setHeader('cache-control', 'no-cache');
      res.sendFile(indexFile);
    });
  };
  router.use(spaFallback);
  return router;
}
