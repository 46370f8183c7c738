/**
 * Every error an HTTP client sees: an RFC 9457 problem (see ZErrorResponseSchema), whose
 * `code` is from the closed list below (documented in docs/errors.md).
 */
import { z } from 'zod';

export const ERROR_CODES = [
  'VALIDATION_FAILED',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'PAYLOAD_TOO_LARGE',
  'RATE_LIMITED',
  'LANE_WRONG_STATE',
  'TRIP_WRONG_STATE',
  'INTERNAL',
  'UNAVAILABLE',
  'METHOD_NOT_ALLOWED',
  'NOT_ACCEPTABLE',
  'UNSUPPORTED_MEDIA_TYPE',
  'PRECONDITION_FAILED',
  'PRECONDITION_REQUIRED',
] as const;
export const ZErrorCodeSchema = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof ZErrorCodeSchema>;
/** Enum-like access: `ErrorCode.NOT_FOUND`. */
export const ErrorCode = ZErrorCodeSchema.enum;

/** Suggested HTTP status per code (the API owns the final mapping). */
export const ERROR_HTTP_STATUS: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  LANE_WRONG_STATE: 409,
  TRIP_WRONG_STATE: 409,
  INTERNAL: 500,
  /** The gate is rebuilding after a failover, or a write was not replicated: retry (Retry-After). */
  UNAVAILABLE: 503,
  /** A known path, another method: the `Allow` header lists the methods it takes. */
  METHOD_NOT_ALLOWED: 405,
  /** The `Accept` header names no media type the route produces. */
  NOT_ACCEPTABLE: 406,
  /** A body that is not `application/json`. */
  UNSUPPORTED_MEDIA_TYPE: 415,
  /** `If-Match` names a version that is no longer current: read again, then retry. */
  PRECONDITION_FAILED: 412,
  /** A write that needs `If-Match` came without it. */
  PRECONDITION_REQUIRED: 428,
};

/** One problem of a request: where (JSON pointer and dotted path) and which rule it broke. */
export const ZProblemItemSchema = z
  .object({
    /** RFC 6901 JSON pointer into the request part, e.g. `/containers/0/number`; `` = the part as a whole. */
    pointer: z.string(),
    /** The same place as a dotted path (`containers.0.number`), null for the request as a whole. */
    field: z.string().nullable(),
    /** Which part of the request: `body`, `query`, `path` or `header`. */
    in: z.enum(['body', 'query', 'path', 'header']),
    /** The rule broken, stable for programs: `required`, `type`, `enum`, `unknown_field`, `format`, `too_small`, ... */
    rule: z.string(),
    /** The rule in words, in the caller's language where the catalogue has it. */
    detail: z.string(),
  })
  .strict();
export type ProblemItem = z.infer<typeof ZProblemItemSchema>;

/**
 * Every error body: RFC 9457 `application/problem+json`. `code` is from the closed
 * list above; `type` is `/docs/errors#<code>`; `errors` lists every problem of the
 * request at once. `error` repeats the first problem in the shape older clients read.
 */
export const ZErrorResponseSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string(),
    code: ZErrorCodeSchema,
    requestId: z.string(),
    errors: z.array(ZProblemItemSchema),
    /** Present on 409s caused by an existing resource (e.g. the vehicle's active trip). */
    existingId: z.string().optional(),
    error: z
      .object({
        code: ZErrorCodeSchema,
        message: z.string(),
        field: z.string().nullable(),
      })
      .strict(),
  })
  .strict();
export type ErrorResponse = z.infer<typeof ZErrorResponseSchema>;
