/** Every correction of a trip, field by field (GET /v1/trips/:id/revisions). */
import { ROUTES } from '@borderflow/client';
import { useEffect, useState } from 'react';
import { type TripRevision } from '@borderflow/contracts';
import { useApi } from '../auth/auth-context.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';

/** Keys read first when a changed value is an object (the identifying one leads). */
const KEY_ORDER = ['plate', 'trailerPlate', 'number', 'fullName', 'phone', 'licenseNo', 'description', 'hsCode', 'packages', 'grossKg'];

/**
 * A changed value in a line of text: plates, containers with their seals, cargo lines, dates.
 *
 * @example
 * describeValue([{ seals: ['VN1'], number: 'CSQU3054383' }]); // "CSQU3054383 (VN1)"
 */
export function describeValue(value: unknown, dateTime: (iso: string) => string = (iso) => iso): string {
  const describe = (v: unknown) => describeValue(v, dateTime);
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return dateTime(value);
  if (Array.isArray(value)) return value.map(describe).join('; ') || '—';
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (typeof record.number === 'string' && Array.isArray(record.seals)) {
      return record.seals.length ? `${record.number} (${record.seals.join(', ')})` : record.number;
    }
    const keys = Object.keys(record).sort((a, b) => (KEY_ORDER.indexOf(a) + 1 || 99) - (KEY_ORDER.indexOf(b) + 1 || 99));
    return keys
      .map((k) => record[k])
      .filter((v) => v !== null && v !== undefined && v !== '' && v !== false && !(Array.isArray(v) && v.length === 0))
      .map((v) => (v === true ? '✓' : describe(v)))
      .join(' · ');
  }
  return String(value);
}

export function RevisionHistory({ tripId, version }: { tripId: string; version: number }) {
  const { t, tAny, fmt } = useI18n();
  const api = useApi();
  const [revisions, setRevisions] = useState<TripRevision[] | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    api
      .call(ROUTES.tripRevisions, { params: { tripId }, signal: controller.signal })
      .then((r) => setRevisions(r.revisions))
      .catch(() => setRevisions(null));
    return () => controller.abort();
  }, [api, tripId, version]);
  if (!revisions || revisions.length === 0) return null;
  return (
    <section className="card history" aria-labelledby="history-title" data-testid="revision-history">
      <h2 id="history-title">{t('driver.history.title', { count: revisions.length })}</h2>
      <ol>
        {[...revisions].reverse().map((r) => (
          <li key={r.id}>
            <p>
              <strong>{fmt.dateTime(r.at)}</strong> · {r.changedBy.displayName}
              {r.reason ? ` · “${r.reason}”` : ''}
            </p>
            <ul>
              {Object.entries(r.changes).map(([field, change]) => (
                <li key={field}>
                  {tAny(`driver.field.${field}`, undefined, field)}: <del>{describeValue(change.from, fmt.dateTime)}</del> → <ins>{describeValue(change.to, fmt.dateTime)}</ins>
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ol>
    </section>
  );
}
