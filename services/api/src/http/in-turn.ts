/**
 * Several app-level middlewares as one layer of Express' stack. Express walks its layers one by one
 * for every request (a match of the layer's path, its parameters, the url trimmed and put back, a
 * new frame through `next`): the request frame, the JSON body and the exact routes were three such
 * layers ahead of every route, and a booking storm's request (issue 12) paid the walk three times,
 * once more after its body arrived. As one layer it pays once; each handler is run as Express runs a
 * layer's (a throw or a rejected promise goes on as an error; `next('route')` is plain `next()` at
 * the app's level), so what answers, and how, is as before.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';

/**
 * @example
 * app.use(inTurn(requestFrame(logger, metrics), jsonBody(limit, parsesAsJson))); // as app.use(a); app.use(b)
 */
export function inTurn(...handlers: RequestHandler[]): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    step(handlers, 0, req, res, next);
  };
}

function step(handlers: readonly RequestHandler[], i: number, req: Request, res: Response, next: NextFunction, err?: unknown): void {
  // As Express' router: 'route' is no error here (it leaves a route's own stack, and there is none); 'router' and any error go on.
  if (err !== undefined && err !== null && err !== 'route') {
    next(err);
    return;
  }
  const handler = handlers[i];
  if (!handler) {
    next();
    return;
  }
  try {
    // An unnamed callback: under tsx (esbuild's keepNames) a named closure is renamed each time it is made (RESULTS, alloc11).
    const ret: unknown = handler(req, res, (e?: unknown) => step(handlers, i + 1, req, res, next, e));
    if (ret instanceof Promise) ret.then(undefined, (e: unknown) => next(e ?? new Error('Rejected promise')));
  } catch (e) {
    step(handlers, i + 1, req, res, next, e);
  }
}
