/**
 * What a keyboard or screen-reader user of the gate needs from the shared widgets (issue 16 item
 * 6): focus returns to the control that opened a dialog, a language button's name holds the text
 * it shows, and a scrolling table can be reached with Tab.
 */
import { describe, expect, it } from 'vitest';
import { useState } from 'react';
import { screen } from '@testing-library/react';
import { Modal } from './modal.tsx';
import { TableScroll } from './table-scroll.tsx';
import { LanguageSwitcher } from '../layout/language-switcher.tsx';
import { renderWithApp } from '../testing/render-app.tsx';

function Opener() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" data-testid="before">before</button>
      <button type="button" data-testid="opener" onClick={() => setOpen(true)}>pause lane</button>
      {open ? (
        <Modal title="Pause" onClose={() => setOpen(false)}>
          {/* autoFocus runs before the modal's effect: the case that used to lose the opener. */}
          <textarea autoFocus data-testid="reason" />
          <button type="button" onClick={() => setOpen(false)} data-testid="done">done</button>
        </Modal>
      ) : null}
    </>
  );
}

describe('Modal', () => {
  it('returns focus to the control that opened it, even when a child takes focus with autoFocus', async () => {
    const { user } = renderWithApp(<Opener />);
    await user.click(screen.getByTestId('opener'));
    expect(document.activeElement).toBe(screen.getByTestId('reason'));
    await user.keyboard('{Escape}');
    expect(screen.queryByTestId('reason')).toBeNull();
    expect(document.activeElement).toBe(screen.getByTestId('opener'));
    await user.click(screen.getByTestId('opener'));
    await user.click(screen.getByTestId('done'));
    expect(document.activeElement).toBe(screen.getByTestId('opener'));
  });
});

describe('LanguageSwitcher', () => {
  it('names each button with the text it shows, short and long (label in name)', () => {
    renderWithApp(<LanguageSwitcher />);
    for (const l of ['vi', 'en', 'zh'] as const) {
      const button = screen.getByTestId(`lang-${l}`);
      const name = button.getAttribute('aria-label') ?? '';
      for (const span of button.querySelectorAll('span')) expect(name, l).toContain(span.textContent);
    }
    expect(screen.getByTestId('lang-vi').getAttribute('aria-label')).toBe('VI Tiếng Việt');
  });
});

describe('TableScroll', () => {
  it('is a named region in the Tab order', async () => {
    const { user } = renderWithApp(
      <TableScroll label="Hàng chờ">
        <table><tbody><tr><td>29C-123.45</td></tr></tbody></table>
      </TableScroll>,
    );
    const region = screen.getByRole('region', { name: 'Hàng chờ' });
    await user.tab();
    expect(document.activeElement).toBe(region);
  });
});
