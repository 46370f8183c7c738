/**
 * What every request gets before any route: the security headers (security-headers.ts), its id
 * (request-id.ts), and when it ends, its access-log line and its duration in the metrics. One
 * middleware instead of four app-level layers that each request walked (and a refusal walked again on
 * its way to the error handler), with one 'close' and one 'error' listener shared by all requests
 * instead of three closures a request, and one clock reading at the start (issues 12 and 15).
 */
import type { RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import type { ApiMetrics } from '../metrics.ts';
import { isLogged, logRequestEnd, requestId } from './request-id.ts';
import { securityHeaderList } from './security-headers.ts';

/** A request's own state, kept on its response (read by the shared listeners through `this`). */
interface Frame {
  id: string;
  started: number;
  logged: boolean;
  ended: boolean;
}

const FRAME = Symbol('borderflow.requestFrame');
type FramedResponse = Response & { [FRAME]?: Frame };

/**
 * The middleware every request of an app walks first.
 *
 * @example
 * app.use(requestFrame(ctx.logger, ctx.metrics));
 */
export function requestFrame(logger: Logger, metrics: Pick<ApiMetrics, 'observeHttp'>): RequestHandler {
  const { set, removed } = securityHeaderList();
  const ended = (res: FramedResponse, failed: boolean): void => {
    const frame = res[FRAME];
    if (!frame || frame.ended) return;
    frame.ended = true;
    // A finished answer is timed (as at 'finish', which 'close' follows in the next tick); an aborted one is not.
    if (res.writableFinished) metrics.observeHttp(res.req, res, (performance.now() - frame.started) / 1000);
    if (frame.logged) logRequestEnd(logger, res.req, res, frame.id, frame.started, failed);
  };
  // 'close' follows 'finish' and also ends an aborted answer: one listener covers both.
  function closed(this: FramedResponse): void {
    ended(this, false);
  }
  function errored(this: FramedResponse): void {
    ended(this, true);
  }
  return (req, res: FramedResponse, next) => {
    for (const [name, value] of set) res.setHeader(name, value);
    for (const name of removed) res.removeHeader(name);
    res[FRAME] = { id: requestId(req, res), started: performance.now(), logged: isLogged(req.url), ended: false };
    res.on('close', closed);
    res.on('error', errored);
    next();
  };
}
