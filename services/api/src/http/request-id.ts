/**
 * Every request gets an id, echoed in `X-Request-Id` and in every problem body,
 * and logged: a caller quoting it lets an operator find the request's log line.
 * A sane id the caller sent (a proxy's, or the client's own) is kept so one id
 * follows a request across systems; anything else is replaced.
 *
 * The access log's line lives here too: one line per finished request, at a level set by its outcome
 * (written by http/request-frame.ts). It replaced pino-http, which built a child logger (serialising
 * the request) for every request, whether its line would be written or not; here a request pays for
 * its line only when the line's level is on.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request } from 'express';
import type { Logger } from 'pino';

/** Up to 128 characters of letters, digits and `._:-`: no spaces, no header or log injection. */
const SANE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

const ids = new WeakMap<IncomingMessage, string>();

/**
 * The id of this request, set on the response as it is chosen.
 *
 * @example
 * const id = requestId(req, res); // also in res.getHeader('X-Request-Id')
 */
export function requestId(req: IncomingMessage, res: ServerResponse): string {
  const incoming = req.headers['x-request-id'];
  const id = typeof incoming === 'string' && SANE_ID.test(incoming) ? incoming : randomUUID();
  res.setHeader('X-Request-Id', id);
  ids.set(req, id);
  return id;
}

/** The id `requestId` gave this request ('' before it ran). */
export function requestIdOf(req: IncomingMessage): string {
  return ids.get(req) ?? '';
}

type Level = 'error' | 'warn' | 'info' | 'debug';

/**
 * Failures are errors; a client's mistake a warning; a conflict (a full hour, a trip in the wrong
 * state: the rulebook answering, 97 % of a booking storm) and writes are info; successful reads are
 * debug (a gate polls all day).
 */
function levelOf(req: IncomingMessage, res: ServerResponse, failed: boolean): Level {
  if (failed || res.statusCode >= 500) return 'error';
  if (res.statusCode === 409) return 'info';
  if (res.statusCode >= 400) return 'warn';
  return req.method === 'GET' ? 'debug' : 'info';
}

/** Probes are noise at a gate that polls all day: never logged. */
const UNLOGGED = new Set(['/healthz', '/metrics', '/readyz']);

/**
 * Whether a request to `url` gets an access-log line (probes do not).
 *
 * @example
 * isLogged('/healthz'); // false
 */
export function isLogged(url: string): boolean {
  return !UNLOGGED.has(url);
}

/**
 * Writes the access-log line of a request that ended: completed, aborted (the client went away), or
 * errored. Never logs bearer tokens or cookies (a log line must not be a credential): only id, method,
 * URL, status and time; and builds nothing when the line's level is off.
 *
 * @example
 * logRequestEnd(logger, req, res, requestIdOf(req), started, false);
 */
export function logRequestEnd(logger: Logger, req: Request, res: ServerResponse, id: string, started: number, failed: boolean): void {
  const level = levelOf(req, res, failed);
  if (!logger.isLevelEnabled(level)) return;
  const responseTime = Math.round(performance.now() - started);
  // originalUrl: the URL as the client sent it, whatever a mounted router trimmed off it meanwhile.
  const line = { req: { id, method: req.method, url: req.originalUrl }, res: { statusCode: res.statusCode }, responseTime };
  logger[level](line, failed ? 'request errored' : res.writableFinished ? 'request completed' : 'request aborted');
}
