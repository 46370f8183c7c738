/**
 * One error type for the whole API. Every failure a client can see is an
 * `AppError` with a code from a closed list; the error middleware renders it
 * as `{ error: { code, message, field } }` with the code's HTTP status.
 */
import type { ErrorCode } from '@borderflow/contracts';
import type { SchedulerErrorCode } from '@borderflow/scheduler';

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
};

export type AppErrorCode = ErrorCode;

/**
 * A failure with a stable code, a human message and (when one input field is
 * to blame) the dotted path of that field.
 *
 * @example
 * throw new AppError('CONFLICT', 'This vehicle already has an active trip', 'vehicle.plate');
 */
export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly field: string | null;

  constructor(code: AppErrorCode, message: string, field: string | null = null) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.field = field;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }

  toJSON(): { error: { code: AppErrorCode; message: string; field: string | null } } {
    return { error: { code: this.code, message: this.message, field: this.field } };
  }

  static notFound(what: string, field: string | null = null): AppError {
    return new AppError('NOT_FOUND', `${what} not found`, field);
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
  switch (code) {
    case 'TRIP_NOT_FOUND':
      return new AppError('NOT_FOUND', message, 'tripId');
    case 'TRIP_ALREADY_LIVE':
      return new AppError('CONFLICT', message, 'tripId');
    case 'TRIP_WRONG_STATE':
      return new AppError('TRIP_WRONG_STATE', message, 'tripId');
    case 'LANE_NOT_FOUND':
      return new AppError('NOT_FOUND', message, 'laneId');
    case 'LANE_WRONG_STATE':
      return new AppError('LANE_WRONG_STATE', message, 'laneId');
    case 'LANE_TRIP_MISMATCH':
      // The lane is fine, but it is not serving this truck: the client named the wrong trip.
      return new AppError('LANE_WRONG_STATE', message, 'tripId');
    case 'NO_STAGES':
      return new AppError('CONFLICT', message, 'stages');
    default: {
      const unknown: never = code;
      return new AppError('INTERNAL', `Unexpected scheduler error ${String(unknown)}: ${message}`);
    }
  }
}
