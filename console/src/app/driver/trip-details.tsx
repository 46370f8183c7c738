/** What the driver declared: vehicle, driver, cargo, containers, declarations, expected arrival. */
import type { Trip } from '@borderflow/contracts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { formatPlate } from '../shared/plate-format.ts';
import { PriorityLabel } from '../shared/priority-label.tsx';

export function TripDetails({ trip }: { trip: Trip }) {
  const { t, fmt } = useI18n();
  return (
    <section className="card trip-details no-print" aria-labelledby="details-title">
      <h2 id="details-title">{t('driver.details.title')}</h2>
      <dl className="status-facts">
        <dt>{t('driver.form.direction')}</dt>
        <dd>{t(`dir.${trip.direction}`)}</dd>
        <dt>{t('driver.details.class')}</dt>
        <dd>
          <PriorityLabel priorityClass={trip.priority.class} perishable={trip.priority.perishable} />
          {trip.channel ? ` · ${t(`channel.${trip.channel}`)}` : ''}
        </dd>
        <dt>{t('driver.form.plate')}</dt>
        <dd>{formatPlate(trip.vehicle.plate)}{trip.vehicle.trailerPlate ? ` + ${formatPlate(trip.vehicle.trailerPlate)}` : ''}</dd>
        <dt>{t('driver.form.driver')}</dt>
        <dd translate="no">{trip.driver.fullName} · {trip.driver.phone}</dd>
        <dt>{t('driver.form.cargo')}</dt>
        <dd>
          {trip.cargo.length === 0
            ? t('driver.details.empty')
            : trip.cargo.map((c, i) => (
                <div key={i}>
                  <span translate="no">{c.description}</span> · HS {c.hsCode} · {fmt.number(c.packages)} {t('driver.details.packages')} · {fmt.number(c.grossKg)} kg
                </div>
              ))}
        </dd>
        <dt>{t('driver.form.containers')}</dt>
        <dd data-testid="details-containers">{trip.containers.map((c) => c.number).join(', ') || '—'}</dd>
        <dt>{t('driver.form.declarations')}</dt>
        <dd>{trip.declarations.join(', ') || '—'}</dd>
        <dt>{t('driver.form.expectedArrival')}</dt>
        <dd>{fmt.dateTime(trip.expectedArrival)}</dd>
        <dt>{t('driver.details.stages')}</dt>
        <dd>{trip.stages.map((s) => t(`stage.${s}`)).join(' → ')}</dd>
      </dl>
    </section>
  );
}
