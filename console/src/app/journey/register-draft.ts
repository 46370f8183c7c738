/**
 * The register form's unsent draft, kept in localStorage per signed-in user so a reload (or a
 * phone that drops the tab) does not lose it, and another user of the same phone never sees it.
 * Cleared when the trip is registered.
 */
import type { TripDraft } from '../driver/trip-form-model.ts';

const keyOf = (userId: string) => `borderflow.registerDraft.${userId}`;

/** The saved draft, or null (none, unreadable, or storage disabled). */
export function loadRegisterDraft(userId: string): TripDraft | null {
  try {
    const raw = localStorage.getItem(keyOf(userId));
    if (!raw) return null;
    const draft = JSON.parse(raw) as unknown;
    // A draft from an older form shape is dropped rather than half-restored.
    if (!draft || typeof draft !== 'object' || !Array.isArray((draft as TripDraft).cargo) || typeof (draft as TripDraft).plate !== 'string') return null;
    return draft as TripDraft;
  } catch {
    return null;
  }
}

export function saveRegisterDraft(userId: string, draft: TripDraft): void {
  try {
    localStorage.setItem(keyOf(userId), JSON.stringify(draft));
  } catch {
    // storage full or disabled: the draft lives in the page only
  }
}

export function clearRegisterDraft(userId: string): void {
  try {
    localStorage.removeItem(keyOf(userId));
  } catch {
    // nothing to clear
  }
}
