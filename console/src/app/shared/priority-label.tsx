/**
 * A trip's priority class as the platform derived it, with what is known about perishable cargo.
 * A driver's bare `perishable` tick is shown as "claimed, unconfirmed" so nobody mistakes the
 * claim for the class: only a perishable HS heading confirmed by quarantine or the gate operator
 * counts (issue 10, priority only from facts).
 */
import type { PerishableStatus, PriorityClass } from '@borderflow/contracts';
import { useI18n } from '../i18n/i18n-context.tsx';

/**
 * The class badge, followed by the perishable status when there is one worth saying.
 *
 * @example
 * <PriorityLabel priorityClass={trip.priority.class} perishable={trip.priority.perishable} />
 */
export function PriorityLabel({ priorityClass, perishable }: { priorityClass: PriorityClass; perishable: PerishableStatus }) {
  const { t } = useI18n();
  return (
    <span className="priority-label" data-testid="priority-label">
      <span className={`badge badge-class-${priorityClass}`}>{t(`class.${priorityClass}`)}</span>
      {perishable === 'none' ? null : (
        <span className={`muted perishable-${perishable}`} data-perishable={perishable}>
          {' · '}
          {t(`perishable.${perishable}`)}
        </span>
      )}
    </span>
  );
}
