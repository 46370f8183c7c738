/**
 * The last two middlewares: unknown routes become 404, and every thrown
 * error (AppError, zod validation, body-parser, anything else) is rendered as
 * `{ error: { code, message, field } }`.
 */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ZodError } from 'zod';
import { zodIssueToField } from '@borderflow/contracts';
import type { Logger } from 'pino';
import { AppError } from '../app-error.ts';

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
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof ZodError) {
    const issue = err.issues[0];
    if (!issue) return new AppError('VALIDATION_FAILED', 'Invalid input');
    const { field, message } = zodIssueToField(issue);
    return new AppError('VALIDATION_FAILED', message, field);
  }
  const bp = err as BodyParserError;
  if (bp && typeof bp === 'object' && typeof bp.type === 'string') {
    if (bp.type === 'entity.too.large') {
      return new AppError('PAYLOAD_TOO_LARGE', `Request body is larger than ${Math.round((bp.limit ?? 65536) / 1024)} kB`);
    }
    if (bp.type === 'entity.parse.failed') return new AppError('VALIDATION_FAILED', 'Request body is not valid JSON');
    if (bp.type === 'charset.unsupported' || bp.type === 'encoding.unsupported') {
      return new AppError('VALIDATION_FAILED', 'Request body encoding is not supported; send UTF-8 JSON');
    }
    if (bp.status && bp.status >= 400 && bp.status < 500) {
      return new AppError('VALIDATION_FAILED', 'Request body could not be read');
    }
  }
  return new AppError('INTERNAL', 'Internal error');
}

/** 404 for every path no route matched. */
export const notFoundHandler: RequestHandler = (req) => {
  throw new AppError('NOT_FOUND', `No route ${req.method} ${req.path}`);
};

/**
 * @example
 * app.use(notFoundHandler);
 * app.use(errorHandler(logger));
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, next) => {
    const appErr = toAppError(err);
    if (appErr.code === 'INTERNAL') {
      logger.error({ err, method: req.method, url: req.originalUrl }, 'unhandled error');
    }
    if (res.headersSent) {
      next(err);
      return;
    }
    if (appErr.code === 'RATE_LIMITED') res.setHeader('Retry-After', '60');
    res.status(appErr.status).json(appErr.toJSON());
  };
}
