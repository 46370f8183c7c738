/**
 * A failed API call as the UI shows it: the server's code, message and field
 * (`{ error: { code, message, field } }`), or NETWORK when the server could not be reached.
 */
import { ZErrorResponseSchema, type ErrorCode } from '@borderflow/contracts';

export type ApiErrorCode = ErrorCode | 'NETWORK';

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
    /** Dotted path of the offending input, e.g. `containers.0.number` (null: the request as a whole). */
    readonly field: string | null = null,
  ) {
    super(message);
  }

  /**
   * The error of a non-2xx answer, from its JSON body when it has the standard shape.
   *
   * @example
   * if (!res.ok) throw ApiError.fromResponse(res.status, await res.json().catch(() => null));
   */
  static fromResponse(status: number, body: unknown): ApiError {
    const parsed = ZErrorResponseSchema.safeParse(body);
    if (parsed.success) return new ApiError(status, parsed.data.error.code, parsed.data.error.message, parsed.data.error.field);
    const code: ErrorCode = status === 401 ? 'UNAUTHENTICATED' : status === 403 ? 'FORBIDDEN' : status === 404 ? 'NOT_FOUND' : 'INTERNAL';
    return new ApiError(status, code, `HTTP ${status}`);
  }
}

/** Narrowing helper for catch blocks. */
export function isApiError(err: unknown): err is ApiError {
  return err instanceof ApiError;
}
