/**
 * The driver's booking page in a browser test: its day is chosen, and the test goes on only once the
 * table shows that day's hours (the section's data-date), not those of a read asked before the date.
 */
import { expect } from 'vitest';
import type { Page } from 'playwright-core';

/**
 * @example
 * await showBookingDate(page, gateDate(Date.now(), 1));
 */
export async function showBookingDate(page: Page, date: string): Promise<void> {
  await page.getByTestId('booking-date').fill(date);
  await expect.poll(() => page.getByTestId('booking-slots').getAttribute('data-date'), { timeout: 15_000, interval: 100 }).toBe(date);
}
