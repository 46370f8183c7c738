/**
 * Sign-in for every role. Validates with the contracts' ZLoginRequestSchema before sending;
 * says "wrong username or password" and "too many attempts" in the reader's language and shows
 * any other server message as the server wrote it.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { ZLoginRequestSchema } from '@borderflow/contracts';
import { formIssue } from '../shared/form-issue.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { isApiError } from '../api/api-error.ts';
import { Link, useRouter, useSearchParams } from '../router/router.tsx';
import { useAuth } from './auth-context.tsx';
import { HOME_BY_ROLE } from './session.ts';
import { errorText } from '../shared/error-words.ts';

/** Only same-site paths are followed after sign-in (no open redirect through ?next=). */
function safeNext(next: string | null): string | null {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : null;
}

export function LoginPage() {
  const { t, tAny, locale } = useI18n();
  const { login, session, signOutReason } = useAuth();
  const { navigate } = useRouter();
  const next = safeNext(useSearchParams().get('next'));
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ message: string; field: string | null } | null>(null);

  useEffect(() => {
    if (session) navigate(next ?? HOME_BY_ROLE[session.user.role], { replace: true });
  }, [session, next, navigate]);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const parsed = ZLoginRequestSchema.safeParse({ username, password });
    if (!parsed.success) {
      setError(formIssue(parsed.error, locale, { username: t('login.username'), password: t('login.password') }));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await login(parsed.data.username, parsed.data.password);
    } catch (err) {
      if (isApiError(err) && err.code === 'UNAUTHENTICATED') setError({ message: t('login.wrong'), field: null });
      else if (isApiError(err) && err.code === 'RATE_LIMITED') setError({ message: t('login.rateLimited'), field: null });
      else if (isApiError(err)) setError({ message: errorText(err, tAny), field: err.field });
      else setError({ message: String(err), field: null });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="login-view">
      <form className="card login-card" onSubmit={(e) => void onSubmit(e)} noValidate aria-labelledby="login-title">
        <h1 id="login-title">{t('login.title')}</h1>
        <p className="muted">{t('login.subtitle')}</p>
        {signOutReason === 'expired' ? <p className="banner banner-info">{t('login.expired')}</p> : null}
        <label className="field">
          <span>{t('login.username')}</span>
          <input
            name="username"
            autoComplete="username"
            autoFocus
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            aria-invalid={error?.field === 'username' || undefined}
          />
        </label>
        <label className="field">
          <span>{t('login.password')}</span>
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            aria-invalid={error?.field === 'password' || undefined}
          />
        </label>
        <p className="form-error" role="alert" data-testid="login-error">
          {error?.message ?? ''}
        </p>
        <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
          {busy ? t('login.busy') : t('login.submit')}
        </button>
        <p className="login-public">
          <Link to="/waits">{t('login.publicWaits')}</Link>
        </p>
      </form>
    </section>
  );
}
