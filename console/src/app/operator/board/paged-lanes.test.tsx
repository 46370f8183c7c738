import { describe, expect, it } from 'vitest';
import { act, render, screen } from '@testing-library/react';
import { useEffect } from 'react';
import { firstPageSize, LANES_PER_STEP, usePagedCount } from './paged-lanes.ts';

describe('firstPageSize', () => {
  it('covers the viewport with the smallest cards, no more, and never fewer than a few lanes', () => {
    // 4 columns of 22rem cards on a 1600 px screen, 1000 px tall: 4 rows of the smallest card
    // (8 busy cards are what the operator sees there; 32 were laid out in one long task).
    expect(firstPageSize(1600, 1000)).toBe(16);
    expect(firstPageSize(360, 640)).toBe(8);
    // 6 columns (2560 px) × 6 rows.
    expect(firstPageSize(2560, 1440)).toBe(36);
  });
});

function Grid({ total, first, drawn }: { total: number; first: number; drawn?: number[] }) {
  const shown = usePagedCount(total, first);
  useEffect(() => void drawn?.push(shown), [drawn, shown]);
  return <p data-testid="shown">{shown}</p>;
}

describe('usePagedCount', () => {
  it('draws the first page, then the rest a few lanes per render when the browser is idle', async () => {
    const drawn: number[] = [];
    render(<Grid total={200} first={32} drawn={drawn} />);
    expect(screen.getByTestId('shown').textContent).toBe('32');
    for (let i = 0; i < 60 && screen.getByTestId('shown').textContent !== '200'; i++) {
      await act(() => new Promise((r) => setTimeout(r, 10)));
    }
    expect(screen.getByTestId('shown').textContent).toBe('200');
    // After the first page, every render adds at most a step (mounting 32 more cards at once was a
    // long task), never past the total.
    expect(drawn.slice(0, 3)).toEqual([32, 40, 48]);
    expect(drawn.slice(1).every((n, i) => n <= 200 && n - drawn[i]! <= LANES_PER_STEP)).toBe(true);
  });

  it('draws a small gate whole at once', () => {
    render(<Grid total={6} first={32} />);
    expect(screen.getByTestId('shown').textContent).toBe('6');
  });
});
