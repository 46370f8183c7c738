/**
 * The last two middlewares: unknown routes become 404 (405 with `Allow` on a
 * known path), and every thrown error (AppError, zod validation, body-parser,
 * anything else) is rendered as an RFC 9457 problem (problem.ts).
 */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ZodError } from 'zod';
import { zodIssueToField } from '@borderflow/contracts';
import type { Logger } from 'pino';
import { AppError } from '../app-error.ts';
import { PROBLEM_CONTENT_TYPE, problemItems, problemText } from './problem.ts';
import { pickLang, type Lang } from './problem-messages.ts';
import { REFUSALS } from './refusal-words.ts';
import { sendJson } from './json-answer.ts';

/** Errors thrown by body-parser (express.json) carry a `type` and an HTTP status. */
interface BodyParserError {
  type?: string;
  status?: number;
  limit?: number;
}

/**
 * Converts anything thrown into an AppError.
 *
 * @example
 * toAppError(new SyntaxError('x')).code; // 'INTERNAL'
 */
export function toAppError(err: unknown, lang: Lang = 'en'): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof ZodError) {
    const issue = err.issues[0];
    if (!issue) return AppError.worded('VALIDATION_FAILED', REFUSALS.invalidInput);
    const { field, message } = zodIssueToField(issue);
    return new AppError('VALIDATION_FAILED', message, field, problemItems(err, 'body', lang));
  }
  // The router could not percent-decode a path parameter (`%ff`, a lone `%`).
  if (err instanceof URIError) return AppError.worded('VALIDATION_FAILED', REFUSALS.badPercentEncoding, 'path');
  const bp = err as BodyParserError;
  if (bp && typeof bp === 'object' && typeof bp.type === 'string') {
    if (bp.type === 'entity.too.large') {
      return AppError.worded('PAYLOAD_TOO_LARGE', REFUSALS.bodyTooLargeKb(Math.round((bp.limit ?? 65536) / 1024)));
    }
    if (bp.type === 'entity.parse.failed') return AppError.worded('VALIDATION_FAILED', REFUSALS.bodyNotJson);
    if (bp.type === 'charset.unsupported' || bp.type === 'encoding.unsupported') {
      return AppError.worded('VALIDATION_FAILED', REFUSALS.bodyEncoding);
    }
  }
  // Any other client error of the HTTP layer, e.g. a corrupt gzip, deflate or br body (zlib's error,
  // status 400 from body-parser, no `type`): the client's fault, never a 500.
  if (bp && typeof bp === 'object' && typeof bp.status === 'number' && bp.status >= 400 && bp.status < 500) {
    if (bp.status === 413) return AppError.worded('PAYLOAD_TOO_LARGE', REFUSALS.bodyTooLarge);
    return AppError.worded('VALIDATION_FAILED', REFUSALS.bodyUnreadable, 'body');
  }
  return AppError.worded('INTERNAL', REFUSALS.internal);
}

/** 404 for every path no route matched. */
export const notFoundHandler: RequestHandler = (req) => {
  throw AppError.worded('NOT_FOUND', REFUSALS.noRoute(req.method, req.path));
};

/**
 * 405 with `Allow` when the path is a route's but the method is not; otherwise on to the 404.
 * `methodsOf` answers the methods declared for a path (none: unknown path).
 *
 * @example
 * app.use('/v1', methodNotAllowed((path) => api.methodsFor(path)), notFoundHandler);
 */
export function methodNotAllowed(methodsOf: (path: string) => string[]): RequestHandler {
  return (req, res, next) => {
    const methods = methodsOf(req.originalUrl.split('?')[0] ?? '');
    if (methods.length === 0) {
      next();
      return;
    }
    const allow = [...new Set(methods.map((m) => m.toUpperCase()).flatMap((m) => (m === 'GET' ? ['GET', 'HEAD'] : [m])))];
    res.setHeader('Allow', allow.join(', '));
    throw AppError.worded('METHOD_NOT_ALLOWED', REFUSALS.methodNotAllowed(req.method, req.path, allow));
  };
}

/**
 * @example
 * app.use(notFoundHandler);
 * app.use(errorHandler(logger));
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, next) => {
    const appErr = toAppError(err, pickLang(req.headers['accept-language']));
    if (appErr.code === 'INTERNAL') {
      logger.error({ err, method: req.method, url: req.originalUrl }, 'unhandled error');
    }
    if (res.headersSent) {
      next(err);
      return;
    }
    // A limiter that knows the wait sets Retry-After itself; any other falls back to a minute.
    if (appErr.code === 'RATE_LIMITED' && !res.hasHeader('Retry-After')) res.setHeader('Retry-After', '60');
    // A gate rebuild takes about a second; a client that waits 2 s finds it taking commands again.
    if (appErr.code === 'UNAVAILABLE' && !res.hasHeader('Retry-After')) res.setHeader('Retry-After', '2');
    // Errors are personal as often as not (a trip, an account): never kept by a cache.
    res.setHeader('Cache-Control', 'private, no-store');
    sendJson(req, res, appErr.status, problemText(appErr, req), PROBLEM_CONTENT_TYPE);
  };
}
