/**
 * /manager/displays — the gate's LED-board display tokens: issue one per TV (its board address is
 * shown once, to open on the TV), see the live ones by name and prefix, revoke one.
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { ROUTES } from '@borderflow/client';
import type { DisplayToken, IssuedDisplayToken } from '@borderflow/contracts';
import { useApi } from '../auth/auth-context.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';
import { useNotices } from '../notices/notice-center.tsx';
import { useGateCode } from '../operator/use-gate-code.ts';

export default function DisplayTokensPage() {
  const { t, fmt } = useI18n();
  const api = useApi();
  const { notifyError } = useNotices();
  const gate = useGateCode();
  const [tokens, setTokens] = useState<DisplayToken[]>([]);
  const [name, setName] = useState('');
  const [issued, setIssued] = useState<IssuedDisplayToken | null>(null);

  const load = useCallback(() => {
    api.call(ROUTES.listDisplayTokens, { params: { gate } }).then((r) => setTokens(r.tokens), (err: unknown) => notifyError(err));
  }, [api, gate, notifyError]);
  useEffect(load, [load]);

  const issue = (event: FormEvent) => {
    event.preventDefault();
    api.call(ROUTES.createDisplayToken, { params: { gate }, body: { name } }).then((r) => {
      setIssued(r);
      setName('');
      load();
    }, (err: unknown) => notifyError(err));
  };
  const revoke = (id: string) => api.call(ROUTES.revokeDisplayToken, { params: { gate, tokenId: id } }).then(load, (err: unknown) => notifyError(err));

  return (
    <section className="page" data-testid="display-tokens">
      <h1>{t('displays.title')}</h1>
      <p className="muted">{t('displays.explain')}</p>
      <form onSubmit={issue} className="card dialog-form" style={{ padding: '1rem' }}>
        <label className="field">
          {t('displays.name')} <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={80} />
        </label>
        <button type="submit" className="btn btn-primary">
          {t('displays.issue')}
        </button>
      </form>
      {issued ? (
        <p role="status" className="banner banner-info" data-testid="display-token-issued" style={{ overflowWrap: 'anywhere' }}>
          {t('displays.openOnTv')} <code translate="no">{`${window.location.origin}${issued.boardPath}`}</code>
        </p>
      ) : null}
      {tokens.length === 0 ? <p className="muted">{t('displays.none')}</p> : null}
      <ul className="card" style={{ padding: '0.5rem 1.5rem', lineHeight: 2.2 }}>
        {tokens.map((k) => (
          <li key={k.id} data-testid={`display-token-${k.prefix}`}>
            <strong>{k.name}</strong> <code translate="no">{k.prefix}</code> · {t('displays.created')} {fmt.dateTime(new Date(k.createdAt))}{' '}
            <button type="button" className="btn btn-small btn-danger" onClick={() => void revoke(k.id)}>
              {t('displays.revoke')}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
