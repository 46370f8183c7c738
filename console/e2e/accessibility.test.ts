/**
 * Every page, as each user of the gate reaches it, in each language, on a phone and at a desk:
 * axe-core (WCAG 2.1 A/AA rules) finds no serious or critical violation, and nothing is wider
 * than a 320 px screen (WCAG 1.4.10 reflow). Then a keyboard-only operator runs a lane cycle:
 * pause a lane with a reason and reopen it without a mouse, and focus comes back to the lane.
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DESKTOP } from './harness.ts';
import { useE2e } from './use-e2e.ts';
import { checkIn, registerTrip, setLaneStatus } from './gate-setup.ts';
import { formatPlate } from '../src/app/shared/plate-format.ts';
import type { Locale } from '../src/app/i18n/define-messages.ts';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const NARROW = { width: 320, height: 640 } as const;
const LOCALES: Locale[] = ['vi', 'en', 'zh'];

/** Who sees which pages: every route of the console's route table but the per-trip ones. */
const PAGES: Array<{ user: string | null; paths: string[] }> = [
  { user: null, paths: ['/login', '/waits'] },
  { user: 'driver1', paths: ['/driver', '/driver/register', '/driver/book'] },
  { user: 'operator1', paths: ['/operator', '/operator/queue', '/operator/check-in', '/operator/booking-waivers'] },
  { user: 'manager1', paths: ['/manager/map', '/manager/charts', '/manager/reports', '/manager/simulations', '/manager/slot-use', '/manager/audit'] },
  { user: 'admin1', paths: ['/admin/users'] },
  { user: 'customs1', paths: ['/agency'] },
];

interface AxeViolation { id: string; impact: string | null; nodes: Array<{ target: string[] }> }

async function audit(page: Page): Promise<string[]> {
  // Evaluated through the debugging protocol: the console's CSP (script-src 'self') rightly refuses an inline script tag.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: AxeViolation[] }> } }).axe;
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}) at ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
}

async function overflowPx(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

const h = useE2e();

describe('accessibility of every page', () => {
  it('has no serious or critical axe violation and no horizontal scroll at 320 px, in vi, en and zh', { timeout: 600_000 }, async () => {
    const problems: string[] = [];
    for (const { user, paths } of PAGES) {
      for (const viewport of [NARROW, DESKTOP]) {
        const opened = user ? await h.openAs(user, paths[0]!, { locale: 'vi', viewport }) : await h.openAnonymous(paths[0]!, { locale: 'vi', viewport });
        for (const [i, path] of paths.entries()) {
          if (i > 0) await opened.page.goto(path);
          await opened.page.locator('main, form').first().waitFor();
          // Let the page's first data arrive: axe judges what is on screen.
          await opened.page.waitForLoadState('networkidle').catch(() => undefined);
          for (const locale of LOCALES) {
            // The language switcher, as a user changes language: the page re-renders in place.
            await opened.page.getByTestId(`lang-${locale}`).click();
            await opened.page.waitForFunction((l) => document.documentElement.lang === l, locale);
            const where = `${path} ${locale} ${viewport.width}px`;
            for (const v of await audit(opened.page)) problems.push(`${where}: ${v}`);
            if (viewport === NARROW) {
              const over = await overflowPx(opened.page);
              if (over > 0) problems.push(`${where}: ${over} px wider than the screen`);
            }
          }
        }
        await opened.context.close();
      }
    }
    expect(problems).toEqual([]);
  });
});

/** Waits for the live board, however busy the machine (a wait, not a speed assertion). */
const WAIT = { timeout: 20_000 };

/** The lane card (or its testid-less child) that has focus, by the card's test id. */
const focusedLane = (page: Page) => page.evaluate(() => document.activeElement?.closest('[data-testid^="lane-KT-"]')?.getAttribute('data-testid') ?? document.activeElement?.tagName ?? null);

describe('a keyboard-only operator', () => {
  it('finds the shortcuts with "?" from anywhere, and runs a lane cycle without a mouse, focus staying on the lane', { timeout: 180_000 }, async () => {
    await setLaneStatus(h.api, 'KT-X2', 'pause', 'e2e: one exit lane'); // only KT-X1 takes ordinary exit trucks
    const trip = await registerTrip(h.api, 'driver1', { cargo: [] });
    await checkIn(h.api, { plate: trip.vehicle.plate });
    const { page } = await h.openAs('operator1', '/operator', { locale: 'en', viewport: DESKTOP });
    const lane = page.getByTestId('lane-KT-X1');
    await expect.poll(() => lane.getByTestId('lane-plate').textContent(), WAIT).toBe(formatPlate(trip.vehicle.plate));

    // "?" with focus nowhere in particular (the page's body) shows the shortcut list, and hides it again.
    await page.keyboard.press('?');
    await page.getByTestId('shortcut-help').waitFor();
    await page.keyboard.press('?');
    await page.getByTestId('shortcut-help').waitFor({ state: 'detached' });

    // Tab to the lane, as a keyboard user does.
    let presses = 0;
    while ((await focusedLane(page)) !== 'lane-KT-X1') {
      await page.keyboard.press('Tab');
      if (++presses > 80) throw new Error('Tab never reached lane KT-X1');
    }
    // S starts the inspection of the called truck; C opens the outcome dialog; 1 = cleared; Enter submits.
    await page.keyboard.press('s');
    await expect.poll(() => lane.getAttribute('data-occupancy'), WAIT).toBe('inspecting');
    expect(await focusedLane(page)) .toBe('lane-KT-X1');
    await page.keyboard.press('c');
    const dialog = page.getByTestId('lane-action-dialog');
    await dialog.waitFor();
    await page.keyboard.press('1');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    // Cleared at this stage, the truck is called for its next one (KT-X1 serves it too).
    await expect.poll(() => lane.getAttribute('data-occupancy'), WAIT).not.toBe('inspecting');
    // Focus came back to the lane: the next action is one key away, not 22-24 Tab presses.
    expect(await focusedLane(page)) .toBe('lane-KT-X1');

    // P pauses with a typed reason; O reopens it; focus stays on the lane throughout.
    await page.keyboard.press('p');
    await dialog.waitFor();
    await page.keyboard.type('lunch break');
    await page.keyboard.press('Enter');
    // The live update can come before the command's own answer: the dialog closes on the answer.
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => lane.getAttribute('data-status'), WAIT).toBe('paused');
    expect(await focusedLane(page)) .toBe('lane-KT-X1');
    await page.keyboard.press('o');
    await dialog.waitFor();
    await page.keyboard.type('back from lunch');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => lane.getAttribute('data-status'), WAIT).toBe('open');
    expect(await focusedLane(page)) .toBe('lane-KT-X1');
  });
});
