import { describe, expect, it } from 'vitest';
import { act, render, screen } from '@testing-library/react';
import { firstPageSize, usePagedCount } from './paged-lanes.ts';

describe('firstPageSize', () => {
  it('covers the viewport with a row to spare, and never fewer than a few lanes', () => {
    // 4 columns of 22rem cards on a 1600 px screen, 1000 px tall: 7 rows of the smallest card, + 1.
    expect(firstPageSize(1600, 1000)).toBe(32);
    expect(firstPageSize(360, 640)).toBe(8);
    // 6 columns (2560 px) × (9 + 1) rows.
    expect(firstPageSize(2560, 1440)).toBe(60);
  });
});

function Grid({ total, first }: { total: number; first: number }) {
  const shown = usePagedCount(total, first);
  return <p data-testid="shown">{shown}</p>;
}

describe('usePagedCount', () => {
  it('draws the first page, then a page more each time the browser is idle, up to every lane', async () => {
    render(<Grid total={200} first={32} />);
    expect(screen.getByTestId('shown').textContent).toBe('32');
    const seen = new Set<string>();
    for (let i = 0; i < 20 && screen.getByTestId('shown').textContent !== '200'; i++) {
      await act(() => new Promise((r) => setTimeout(r, 10)));
      seen.add(screen.getByTestId('shown').textContent!);
    }
    expect(screen.getByTestId('shown').textContent).toBe('200');
    // Never more than the total, and through pages in between (64, 96, …).
    expect([...seen].every((n) => Number(n) <= 200)).toBe(true);
    expect(seen.has('64') || seen.has('96')).toBe(true);
  });

  it('draws a small gate whole at once', () => {
    render(<Grid total={12} first={32} />);
    expect(screen.getByTestId('shown').textContent).toBe('12');
  });
});
