/** /driver/register — pre-register a trip; on success the trip page shows its QR pass. */
import { ROUTES } from '@borderflow/client';
import { useCallback, useState } from 'react';
import { useApi, useAuth } from '../auth/auth-context.tsx';
import { clearRegisterDraft, loadRegisterDraft, saveRegisterDraft } from '../journey/register-draft.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { useNotices } from '../notices/notice-center.tsx';
import { useRouter } from '../router/router.tsx';
import { TripForm } from './trip-form.tsx';
import { emptyDraft, validateCreate, type TripDraft } from './trip-form-model.ts';
import { submitTripForm } from './server-errors.ts';
import './driver.css';

export default function RegisterPage() {
  const { t, locale } = useI18n();
  const api = useApi();
  const { navigate } = useRouter();
  const { notifyError } = useNotices();
  const userId = useAuth().session?.user.id ?? 'anonymous';
  const [restored] = useState(() => loadRegisterDraft(userId));
  const [initial, setInitial] = useState(() => restored ?? emptyDraft());
  const [formKey, setFormKey] = useState(0);
  const [showRestored, setShowRestored] = useState(restored !== null);
  const saveDraft = useCallback((d: TripDraft) => saveRegisterDraft(userId, d), [userId]);
  const discardDraft = () => {
    clearRegisterDraft(userId);
    setInitial(emptyDraft());
    setFormKey((k) => k + 1);
    setShowRestored(false);
  };
  const [busy, setBusy] = useState(false);
  const [serverErrors, setServerErrors] = useState<Map<string, string> | undefined>();
  const validate = useCallback((d: TripDraft) => validateCreate(d, locale).errors, [locale]);

  const submit = async (draft: TripDraft) => {
    const { request } = validateCreate(draft, locale);
    if (!request) return;
    await submitTripForm({ setBusy, setServerErrors, notifyError }, async () => {
      const trip = await api.call(ROUTES.registerTrip, { body: request });
      clearRegisterDraft(userId);
      // No toast: on a phone it would cover the QR pass the next page shows.
      navigate(`/driver/trips/${trip.id}?new=1`);
    });
  };

  return (
    <section className="page driver-page" data-testid="register-page">
      <h1>{t('driver.register.title')}</h1>
      <p className="muted">{t('driver.register.intro')}</p>
      {showRestored ? (
        <p className="banner banner-info" role="status" data-testid="draft-restored">
          {t('journey.draft.restored')}{' '}
          <button type="button" className="btn btn-small" data-testid="draft-discard" onClick={discardDraft}>{t('journey.draft.discard')}</button>
        </p>
      ) : null}
      <TripForm key={formKey} initial={initial} mode="create" validate={validate} serverErrors={serverErrors} busy={busy}
        onSubmit={(d) => void submit(d)} onDraftChange={saveDraft} />
    </section>
  );
}
