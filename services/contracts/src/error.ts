/**
 * Every error an HTTP client sees: `{ error: { code, message, field } }`.
 * `field` is the dotted path of the offending input (or null).
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
};

export const ZErrorResponseSchema = z
  .object({
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
