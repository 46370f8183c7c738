/**
 * Serves the console (a single-page app built by Vite into console/dist) at `/`:
 * hashed assets cached for a year, index.html never cached (a new build is seen at once), and
 * index.html for every other GET that accepts HTML — client routes such as /operator/queue or
 * /driver/trips/abc — except the API's own paths, which keep their JSON 404s.
 * Without a build (API tests, a checkout nobody started) `/` says how to get one.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type RequestHandler, type Router } from 'express';

/** Paths that are never the console's, even when nothing else answered them. */
const NOT_CONSOLE = /^\/(v1|socket\.io|docs|openapi\.json|healthz|readyz|metrics)(\/|$)/;

const NOT_BUILT_PAGE = `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>BorderFlow</title></head>
<body><h1>BorderFlow</h1><p>The console has not been built. <code>npm start</code> builds it; or run
<code>npx vite build</code> in console/. API: <a href="/docs">/docs</a></p></body></html>`;

/**
 * @example
 * app.use(consoleStatic(consoleStaticDir));
 */
export function consoleStatic(staticDir: string): Router {
  const router = express.Router();
  const indexFile = join(staticDir, 'index.html');
  router.use(
    express.static(staticDir, {
      index: false,
      setHeaders: (res, path) => {
        res.setHeader('cache-control', path.includes(`${join(staticDir, 'assets')}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
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
    res.setHeader('cache-control', 'no-cache');
    res.sendFile(indexFile);
  };
  router.use(spaFallback);
  return router;
}
