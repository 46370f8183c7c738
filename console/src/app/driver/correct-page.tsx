/**
 * /driver/trips/:tripId/correct — fix a typo without redoing the registration (until arrival).
 * Only the sections that changed are sent; each correction is kept in the trip's history.
 */
import { ROUTES } from '@borderflow/client';
import { useCallback, useMemo, useState } from 'react';
import { useApi } from '../auth/auth-context.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';
import { useNotices } from '../notices/notice-center.tsx';
import { Link, useRouter } from '../router/router.tsx';
import { TripForm } from './trip-form.tsx';
import { draftFromTrip, validateCorrection, type TripDraft } from './trip-form-model.ts';
import { submitTripForm } from './server-errors.ts';
import { RevisionHistory } from './revision-history.tsx';
import { useTrip } from './use-trip.ts';
import { formatPlate } from '../shared/plate-format.ts';
import './driver.css';

export default function CorrectPage({ tripId }: { tripId: string }) {
  const { t, locale } = useI18n();
  const api = useApi();
  const { navigate } = useRouter();
  const { notify, notifyError } = useNotices();
  const { trip, error } = useTrip(tripId);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [serverErrors, setServerErrors] = useState<Map<string, string> | undefined>();
  const initial = useMemo(() => (trip ? draftFromTrip(trip, locale) : null), [trip, locale]);
  const validate = useCallback((d: TripDraft) => (initial ? validateCorrection(initial, d, '', locale).errors : new Map()), [initial, locale]);

  if (error) return <p className="page banner banner-bad" role="alert">{error.message}</p>;
  if (!trip || !initial) return <p className="page muted">{t('common.loading')}</p>;
  if (trip.state !== 'registered') {
    return (
      <section className="page driver-page">
        <p className="banner banner-warn">{t('driver.correct.locked')}</p>
        <Link to={`/driver/trips/${trip.id}`}>{t('driver.correct.backToTrip')}</Link>
      </section>
    );
  }

  const submit = async (draft: TripDraft) => {
    const { request, changed } = validateCorrection(initial, draft, reason, locale);
    if (changed.length === 0) {
      notify({ kind: 'info', title: t('driver.correct.nothing') });
      return;
    }
    if (!request) return;
    await submitTripForm({ setBusy, setServerErrors, notifyError }, async () => {
      await api.call(ROUTES.correctTrip, { params: { tripId: trip.id }, body: request });
      // Said on the trip page, not in a toast that would cover the QR pass on a phone.
      navigate(`/driver/trips/${trip.id}?saved=1`);
    });
  };

  return (
    <section className="page driver-page" data-testid="correct-page">
      <h1>{t('driver.correct.title', { plate: formatPlate(trip.vehicle.plate) })}</h1>
      <p className="muted">{t('driver.correct.intro')}</p>
      <TripForm
        initial={initial}
        mode="correct"
        validate={validate}
        serverErrors={serverErrors}
        busy={busy}
        onSubmit={(d) => void submit(d)}
        footer={
          <div className="field">
            <label htmlFor="correction-reason">{t('driver.correct.reason')}</label>
            <input id="correction-reason" value={reason} maxLength={200} onChange={(e) => setReason(e.target.value)} />
          </div>
        }
      />
      <RevisionHistory tripId={trip.id} version={trip.revisions} />
    </section>
  );
}
