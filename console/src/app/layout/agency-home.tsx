/** Agency accounts are machine identities; a person signing in with one sees why there is nothing here. */
import { useI18n } from '../i18n/i18n-context.tsx';

export function AgencyHome() {
  const { t } = useI18n();
  return (
    <section className="page">
      <h1>{t('agencyHome.title')}</h1>
      <p>{t('agencyHome.body')}</p>
    </section>
  );
}
