/** The end of a trip, crossed or not: what happened, and the next step (book again, whom to call). */
import { useI18n } from '../i18n/i18n-context.tsx';
import { Link } from '../router/router.tsx';
import { BOOK_AGAIN_PATH, GATE_HELP_PHONE, REGISTER_PATH, type EndedState } from './journey-links.ts';

export function TripEndScreen({ state }: { state: EndedState }) {
  const { t } = useI18n();
  return (
    <section className={`card end-screen end-screen-${state}`} role="status" data-testid="trip-end-screen" data-end={state}>
      <h2>{t(`journey.end.${state}.title`)}</h2>
      <p>{t(`journey.end.${state}.body`)}</p>
      <p className="muted" data-testid="trip-no-pass">{t('journey.end.noPass')}</p>
      <div className="trip-actions">
        <Link to={BOOK_AGAIN_PATH} className="btn btn-primary" data-testid="end-book-again">{t(state === 'crossed' ? 'journey.end.bookNext' : 'journey.end.bookAgain')}</Link>
        <Link to={REGISTER_PATH} className="btn" data-testid="end-register-again">{t('journey.end.registerAgain')}</Link>
      </div>
      <p>
        <a href={`tel:${GATE_HELP_PHONE.replace(/\s+/g, '')}`} data-testid="end-call">{t('journey.end.call', { phone: GATE_HELP_PHONE })}</a>
      </p>
    </section>
  );
}
