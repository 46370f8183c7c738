/**
 * Several app-level middlewares as one layer of Express' stack. Express walks its layers one by one
 * for every request (a match of the layer's path, its parameters, the url trimmed and put back, a
 * new frame through `next`): the request frame, the JSON body and the exact routes were three such
 * layers ahead of every route, and a booking storm's request (issue 12) paid the walk three times,
 * once more after its body arrived. As one layer it pays once; each handler is run as Express runs a
 * layer's (a throw or a rejected promise goes on as an error), so what answers, and how, is as
 * before. (`next('route')`, which none of ours calls at the app's level, leaves the whole layer.)
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';

/**
 * @example
 * app.use(inTurn(requestFrame(logger, metrics), jsonBody(limit, parsesAsJson))); // as app.use(a); app.use(b)
 */
export function inTurn(...handlers: RequestHandler[]): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    runInTurn(handlers, 0, req, res, next);
  };
}

/**
 * Runs `handlers[i…]` as Express runs a stack: each one's `next()` runs the one after; its
 * `next(err)`, its throw or its rejected promise ends the run with `end(err)` (a throw of nothing
 * with `end()`); after the last, `end()`. Shared by `inTurn` and the exact routes (api-router.ts).
 *
 * @example
 * runInTurn(chain, 0, req, res, (err) => (err ? fail(err) : next()));
 */
export function runInTurn(handlers: readonly RequestHandler[], i: number, req: Request, res: Response, end: (err?: unknown) => void, err?: unknown): void {
  if (err !== undefined && err !== null) {
    end(err);
    return;
  }
  const handler = handlers[i];
  if (!handler) {
    end();
    return;
  }
  try {
    // An unnamed callback: under tsx (esbuild's keepNames) a named closure is renamed each time it is made (RESULTS, alloc11).
    const ret: unknown = handler(req, res, (e?: unknown) => runInTurn(handlers, i + 1, req, res, end, e));
    if (ret instanceof Promise) ret.then(undefined, (e: unknown) => end(e ?? new Error('Rejected promise')));
  } catch (e) {
    if (e === undefined || e === null) end();
    else end(e);
  }
}
