/**
 * A failed API call: the server's RFC 9457 problem (code from the closed list, title, the first
 * problem's message and field, every problem of the request in `problems`), or NETWORK when the
 * server could not be reached.
 */
import { z } from 'zod';
import { ZErrorCodeSchema, ZErrorResponseSchema, type ErrorCode, type ProblemItem } from '@borderflow/contracts';

const ZShortErrorSchema = z.object({ code: ZErrorCodeSchema, message: z.string(), field: z.string().nullable().optional() });

export type ApiErrorCode = ErrorCode | 'NETWORK';

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
    /** Dotted path of the offending input, e.g. `containers.0.number` (null: the request as a whole). */
    readonly field: string | null = null,
    /** Every problem the server found in the request (a form shows each at its field). */
    readonly problems: readonly ProblemItem[] = [],
    /** The problem's title (short, per code); the message when the body had none. */
    readonly title: string = message,
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
    if (parsed.success) {
      const p = parsed.data;
      return new ApiError(status, p.code, p.error.message, p.error.field, p.errors, p.title);
    }
    // A body that is not the whole problem shape may still carry the short `error` block (an older
    // server, a proxy's own answer): its message beats a bare status.
    const short = ZShortErrorSchema.safeParse((body as { error?: unknown } | null)?.error);
    if (short.success) return new ApiError(status, short.data.code, short.data.message, short.data.field ?? null);
    const code: ErrorCode = status === 401 ? 'UNAUTHENTICATED' : status === 403 ? 'FORBIDDEN' : status === 404 ? 'NOT_FOUND' : 'INTERNAL';
    return new ApiError(status, code, `HTTP ${status}`);
  }
}

/** Narrowing helper for catch blocks. */
export function isApiError(err: unknown): err is ApiError {
  return err instanceof ApiError;
}
