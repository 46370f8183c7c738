/**
 * One error type for the whole API. Every failure a client can see is an
 * `AppError` with a code from a closed list; the error middleware renders it
 * as an RFC 9457 problem (http/problem.ts) with the code's HTTP status.
 */
import type { ErrorCode, ProblemItem } from '@borderflow/contracts';
import type { SchedulerErrorCode } from '@borderflow/scheduler';
import { REFUSALS, SCHEDULER_REFUSALS } from './http/refusal-words.ts';
import { wordStateCodes } from './http/state-words.ts';

/** HTTP status of every error code of the contracts' list. */
export const ERROR_STATUS: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  LANE_WRONG_STATE: 409,
  TRIP_WRONG_STATE: 409,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
  METHOD_NOT_ALLOWED: 405,
  NOT_ACCEPTABLE: 406,
  UNSUPPORTED_MEDIA_TYPE: 415,
  PRECONDITION_FAILED: 412,
  PRECONDITION_REQUIRED: 428,
};

export type AppErrorCode = ErrorCode;

/**
 * A failure with a stable code, a human message and (when one input field is
 * to blame) the dotted path of that field.
 *
 * @example
 * throw AppError.worded('NOT_FOUND', REFUSALS.tripNotFound, 'tripId'); // every refusal is worded in vi, en and zh
 */
export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly field: string | null;
  /** Every problem of the request when there are several (a validation failure); empty otherwise. */
  readonly issues: readonly ProblemItem[];
  /** The resource the request collided with (a 409 on a duplicate), so a retrying client can carry on with it. */
  existingId: string | undefined;
  /**
   * The message in each of the gate's languages, when the refusal is worded for people (a driver's
   * form): the problem body picks the caller's (Accept-Language); `message` stays the English one.
   */
  worded: Readonly<Record<'vi' | 'en' | 'zh', string>> | undefined;

  constructor(code: AppErrorCode, message: string, field: string | null = null, issues: readonly ProblemItem[] = []) {
    // A refusal (4xx) is an answer, not a fault: nobody reads its stack, and capturing one through
    // the request's async frames was a visible share of every refused booking (issue 12: most of a
    // release storm). A 5xx keeps its stack for the log.
    const limit = Error.stackTraceLimit;
    if (ERROR_STATUS[code] < 500) Error.stackTraceLimit = 0;
    try {
      super(message);
    } finally {
      Error.stackTraceLimit = limit;
    }
    this.name = 'AppError';
    this.code = code;
    this.field = field;
    this.issues = issues;
  }

  /**
   * A refusal worded in vi, en and zh (English is the `message`).
   *
   * @example
   * throw AppError.worded('CONFLICT', { en: 'Taken', vi: 'Đã có', zh: '已占用' }, 'vehicle.plate');
   */
  static worded(
    code: AppErrorCode,
    words: Readonly<Record<'vi' | 'en' | 'zh', string>>,
    field: string | null = null,
    issues: readonly ProblemItem[] = [],
  ): AppError {
    const err = new AppError(code, words.en, field, issues);
    err.worded = words;
    return err;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }

  toJSON(): { error: { code: AppErrorCode; message: string; field: string | null } } {
    return { error: { code: this.code, message: this.message, field: this.field } };
  }
}

/**
 * Maps a scheduler `CommandResult` failure to the error a client sees. The
 * field names the input the client can change (`laneId`, `tripId`).
 *
 * @example
 * if (!result.ok) throw schedulerError(result.code, result.message);
 */
export function schedulerError(code: SchedulerErrorCode, message: string): AppError {
  const said = (appCode: AppErrorCode, field: string | null = null): AppError =>
    AppError.worded(appCode, { en: wordStateCodes(message), ...(SCHEDULER_REFUSALS[code] ?? { vi: message, zh: message }) }, field);
  switch (code) {
    case 'TRIP_NOT_FOUND':
      return said('NOT_FOUND', 'tripId');
    case 'TRIP_ALREADY_LIVE':
      return said('CONFLICT', 'tripId');
    case 'TRIP_WRONG_STATE':
      return said('TRIP_WRONG_STATE', 'tripId');
    case 'LANE_NOT_FOUND':
      return said('NOT_FOUND', 'laneId');
    case 'LANE_WRONG_STATE':
      return said('LANE_WRONG_STATE', 'laneId');
    case 'LANE_TRIP_MISMATCH':
      // The lane is fine, but it is not serving this truck: the client named the wrong trip.
      return said('LANE_WRONG_STATE', 'tripId');
    case 'NO_STAGES':
      return said('CONFLICT', 'stages');
    case 'COMMAND_ID_REUSED':
      // Same actor, same command, same key, other input: the client reused a key by mistake (or on purpose).
      return said('CONFLICT', 'commandId');
    case 'GATE_REBUILDING':
    case 'NOT_REPLICATED':
      // Nothing the client sent is wrong: the same request (same command id) succeeds shortly.
      return said('UNAVAILABLE');
    default: {
      const unknown: never = code;
      return AppError.worded('INTERNAL', { ...REFUSALS.internal, en: `Unexpected scheduler error ${String(unknown)}: ${message}` });
    }
  }
}
