/** Three buttons, each language written in itself, so anyone can find theirs. */
import { LOCALES } from '../i18n/define-messages.ts';
import { useI18n } from '../i18n/i18n-context.tsx';

export function LanguageSwitcher() {
  const { locale, setLocale, t } = useI18n();
  return (
    <div className="lang-switch" role="group" aria-label={t('lang.label')}>
      {LOCALES.map((l) => {
        const long = t(`lang.${l}`);
        const short = l === 'zh' ? long : l.toUpperCase();
        // The accessible name holds both visible forms (WCAG 2.5.3 label in name): a voice user
        // says what they see, "VI" on a phone or "Tiếng Việt" on a desk.
        const name = short === long ? long : `${short} ${long}`;
        return (
        <button
          key={l}
          type="button"
          lang={l}
          translate="no"
          className="lang-button"
          aria-pressed={l === locale}
          data-testid={`lang-${l}`}
          aria-label={name}
          onClick={() => setLocale(l)}
        >
          {/* Phones show the short form, desks the long one. */}
          <span className="lang-long">{long}</span>
          <span className="lang-short" aria-hidden="true">
            {short}
          </span>
        </button>
        );
      })}
    </div>
  );
}
