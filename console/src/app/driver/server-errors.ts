/** The API's refusal of a form, placed at the field it names (its message as sent). */
import { isApiError } from '../api/api-error.ts';

/**
 * @example
 * const byField = serverFieldErrors(err); // Map { 'vehicle.plate' => 'This vehicle already has an active trip' }
 */
export function serverFieldErrors(err: unknown): Map<string, string> | null {
  if (!isApiError(err) || !err.field) return null;
  return new Map([[err.field, err.message]]);
}
