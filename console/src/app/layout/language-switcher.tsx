/** Three buttons, each language written in itself, so anyone can find theirs. */
import { LOCALES } from '../i18n/define-messages.ts';
import { useI18n } from '../i18n/i18n-context.tsx';

export function LanguageSwitcher() {
  const { locale, setLocale, t } = useI18n();
  return (
    <div className="lang-switch" role="group" aria-label={t('lang.label')}>
      {LOCALES.map((l) => (
        <button
          key={l}
          type="button"
          lang={l}
          translate="no"
          className="lang-button"
          aria-pressed={l === locale}
          data-testid={`lang-${l}`}
          aria-label={t(`lang.${l}`)}
          onClick={() => setLocale(l)}
        >
          {/* Phones show the short form; the button's name stays the full one. */}
          <span className="lang-long">{t(`lang.${l}`)}</span>
          <span className="lang-short" aria-hidden="true">
            {l === 'zh' ? t('lang.zh') : l.toUpperCase()}
          </span>
        </button>
      ))}
    </div>
  );
}
