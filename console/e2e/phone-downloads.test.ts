/**
 * What a phone downloads: drivers open the console over mobile data, so their pages must not
 * fetch the manager's map (Leaflet) or the operators' live board (socket.io), and every script
 * must come compressed (the build's brotli copies, services/api/src/http/console-static.ts).
 * The same check on the manager's map proves the markers are real.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { PHONE } from './harness.ts';
import { useE2e } from './use-e2e.ts';

const h = useE2e();

/** Text only these libraries contain (checked against a build: Leaflet's panes, engine.io's polling transport). */
const LEAFLET = 'leaflet-pane';
const SOCKET_IO = 'xhr poll error';

interface Script {
  url: string;
  encodedBytes: number;
  decodedBytes: number;
  text: string;
}

/** Every script the page has loaded, with its size on the wire and its text. */
async function loadedScripts(page: Page): Promise<Script[]> {
  return page.evaluate(async () => {
    const entries = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
    const scripts = entries.filter((e) => new URL(e.name).pathname.endsWith('.js'));
    return Promise.all(
      scripts.map(async (e) => ({ url: e.name, encodedBytes: e.encodedBodySize, decodedBytes: e.decodedBodySize, text: await (await fetch(e.name)).text() })),
    );
  });
}

describe('phone downloads', () => {
  it("a driver's pages load neither the map nor the live board's socket code, all compressed", async () => {
    const { page } = await h.openAs('driver1', '/driver/register', { viewport: PHONE });
    await page.getByTestId('trip-form').waitFor();
    const register = await loadedScripts(page);
    // A fresh load of the trips list (the resource list starts again).
    await page.goto('/driver');
    await page.getByTestId('my-trips').waitFor();
    const trips = await loadedScripts(page);
    for (const scripts of [register, trips]) {
      expect(scripts.length).toBeGreaterThan(2);
      for (const s of scripts) {
        expect(s.text.includes(LEAFLET), s.url).toBe(false);
        expect(s.text.includes(SOCKET_IO), s.url).toBe(false);
        // Compressed on the wire: a script of any size comes in well under its own length.
        if (s.decodedBytes > 4096) expect(s.encodedBytes, s.url).toBeLessThan(s.decodedBytes / 2);
      }
    }
  });

  it("the manager's map does load Leaflet (the markers above are real)", async () => {
    const { page } = await h.openAs('manager1', '/manager/map', { offline: true });
    await page.locator('.leaflet-container').waitFor();
    const scripts = await loadedScripts(page);
    expect(scripts.some((s) => s.text.includes(LEAFLET))).toBe(true);
    expect(scripts.some((s) => s.text.includes(SOCKET_IO))).toBe(true);
  });
});
