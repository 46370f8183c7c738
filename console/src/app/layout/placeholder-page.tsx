/** A page that is not built yet: says so in the reader's language instead of showing nothing. */
import type { MessageKey } from '../i18n/messages.ts';
import { useI18n } from '../i18n/i18n-context.tsx';

export function PlaceholderPage({ title }: { title: MessageKey }) {
  const { t } = useI18n();
  return (
    <section className="page">
      <h1>{t(title)}</h1>
      <p className="muted">{t('placeholder.body')}</p>
    </section>
  );
}
