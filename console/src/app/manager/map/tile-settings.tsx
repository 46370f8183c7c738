/** Optional tile server for online use; the map never needs it. */
import { useState, type FormEvent } from 'react';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { normaliseTileUrl, saveTileUrl } from './map-settings.ts';

export function TileSettings({ value, onChange }: { value: string | null; onChange(url: string | null): void }) {
  const { t } = useI18n();
  const [draft, setDraft] = useState(value ?? '');
  const invalid = draft.trim() !== '' && normaliseTileUrl(draft) === null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (invalid) return;
    saveTileUrl(draft);
    onChange(normaliseTileUrl(draft));
  };
  return (
    <details className="card tile-settings">
      <summary>{t('manager.tiles.title')}</summary>
      <form onSubmit={submit} className="tile-form">
        <p className="muted">{t('manager.tiles.help')}</p>
        <label className="field">
          <span>{t('manager.tiles.url')}</span>
          <input value={draft} onChange={(e) => setDraft(e.target.value)} placeholder="/tiles/{z}/{x}/{y}.png" aria-invalid={invalid} />
        </label>
        {invalid ? <p className="form-error">{t('manager.tiles.invalid')}</p> : null}
        <div className="tile-actions">
          <button type="submit" className="btn btn-small btn-primary">{t('action.save')}</button>
          <button type="button" className="btn btn-small" onClick={() => { setDraft(''); saveTileUrl(null); onChange(null); }}>
            {t('manager.tiles.none')}
          </button>
        </div>
      </form>
    </details>
  );
}
