import { describe, expect, it } from 'vitest';
import { act, screen, within } from '@testing-library/react';
import { LanguageSwitcher } from './language-switcher.tsx';
import { useNotices } from '../notices/notice-center.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';
import { LOCALE_STORAGE_KEY } from '../i18n/i18n-context.tsx';
import { ApiError } from '../api/api-error.ts';
import { renderWithApp } from '../testing/render-app.tsx';

function Title() {
  const { t, fmt } = useI18n();
  return (
    <p data-testid="probe">
      {t('login.title')} {fmt.number(1234.5)}
    </p>
  );
}

describe('LanguageSwitcher', () => {
  it('switches every word and number, sets <html lang> and remembers the choice', async () => {
    const { user, unmount } = renderWithApp(
      <>
        <LanguageSwitcher />
        <Title />
      </>,
    );
    expect(screen.getByTestId('probe').textContent).toBe('Đăng nhập 1.234,5');
    expect(screen.getByTestId('lang-vi').getAttribute('aria-pressed')).toBe('true');
    await user.click(screen.getByTestId('lang-zh'));
    expect(screen.getByTestId('probe').textContent).toBe('登录 1,234.5');
    expect(document.documentElement.lang).toBe('zh');
    expect(localStorage.getItem(LOCALE_STORAGE_KEY)).toBe('zh');
    expect(window.__borderflowI18n?.locale).toBe('zh');
    unmount();
  });
});

function Thrower({ error }: { error: unknown }) {
  const { notifyError, notify } = useNotices();
  return (
    <>
      <button type="button" onClick={() => notifyError(error)}>
        fail
      </button>
      <button type="button" onClick={() => notify({ kind: 'success', title: 'ok!' })}>
        succeed
      </button>
    </>
  );
}

describe('notices', () => {
  it('show the server’s message and field for a failed call, until dismissed', async () => {
    const error = new ApiError(409, 'LANE_WRONG_STATE', 'lane KT-X1 is idle, no inspection to complete', 'laneId');
    const { user } = renderWithApp(<Thrower error={error} />, { withNotices: true, locale: 'en' });
    await user.click(screen.getByRole('button', { name: 'fail' }));
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('The lane is not in the right state');
    expect(alert.textContent).toContain('lane KT-X1 is idle, no inspection to complete');
    expect(within(alert).getByText('laneId')).toBeTruthy();
    await user.click(within(alert).getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('show any other thrown value and let successes fade by themselves', async () => {
    const { user } = renderWithApp(<Thrower error={new Error('boom')} />, { withNotices: true, locale: 'en', noticeFadeMs: 100 });
    await user.click(screen.getByRole('button', { name: 'fail' }));
    expect(screen.getByRole('alert').textContent).toContain('boom');
    await user.click(screen.getByRole('button', { name: 'succeed' }));
    expect(screen.getByTestId('notice-success').textContent).toContain('ok!');
    await act(() => new Promise((r) => setTimeout(r, 150)));
    expect(screen.queryByTestId('notice-success')).toBeNull();
    expect(screen.getByRole('alert')).toBeTruthy();
  });
});
