/** The API's refusal of a form, each problem placed at the field it names (its message as sent). */
import { isApiError } from '../api/api-error.ts';

/**
 * @example
 * const byField = serverFieldErrors(err); // Map { 'vehicle.plate' => 'This vehicle already has an active trip' }
 */
export function serverFieldErrors(err: unknown): Map<string, string> | null {
  if (!isApiError(err)) return null;
  const byField = new Map<string, string>();
  for (const p of err.problems) if (p.field !== null && p.in === 'body' && !byField.has(p.field)) byField.set(p.field, p.detail);
  if (err.field && !byField.has(err.field)) byField.set(err.field, err.message);
  return byField.size > 0 ? byField : null;
}

/** What a trip form shows while and after it submits. */
export interface SubmitUi {
  setBusy(busy: boolean): void;
  setServerErrors(errors: Map<string, string> | undefined): void;
  notifyError(err: unknown): void;
}

/**
 * Runs a trip form's submission: busy meanwhile, and a refusal shown at the fields it names and
 * in a notice (no silent failure). The register and correct pages share it.
 *
 * @example
 * await submitTripForm({ setBusy, setServerErrors, notifyError }, async () => navigate(`/driver/trips/${(await save()).id}`));
 */
export async function submitTripForm(ui: SubmitUi, action: () => Promise<void>): Promise<void> {
  ui.setBusy(true);
  ui.setServerErrors(undefined);
  try {
    await action();
  } catch (err) {
    const byField = serverFieldErrors(err);
    if (byField) ui.setServerErrors(byField);
    ui.notifyError(err);
  } finally {
    ui.setBusy(false);
  }
}
