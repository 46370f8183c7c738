// @vitest-environment node
// Build code: Node, not the DOM (import.meta.url must be a file: URL).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { emptyExports, keepLocale, preloadScript, routePageModules } from './client-bundle.ts';

describe('the first bundle keeps one language', () => {
  it('empties every language of a defineMessages call but the one kept', () => {
    const code = "import { defineMessages } from './define-messages.ts';\nexport const m = defineMessages({\n  vi: { 'a.b': 'Xe {n}', c: '}' },\n  en: { 'a.b': 'Truck {n}', c: '}' },\n  zh: { 'a.b': '车 {n}', c: '}' },\n});\n";
    const en = keepLocale(code, 'en');
    expect(en).toContain("en: { 'a.b': 'Truck {n}', c: '}' }");
    expect(en).toContain('vi: {}');
    expect(en).toContain('zh: {}');
    expect(en).not.toContain('Xe');
    expect(en).not.toContain('车');
    expect(keepLocale(code, 'vi')).toContain("vi: { 'a.b': 'Xe {n}'");
    expect(keepLocale(code, 'vi')).not.toContain('Truck');
  });

  it('keeps only Vietnamese of a real feature file', () => {
    const code = readFileSync(new URL('../app/i18n/driver.ts', import.meta.url), 'utf8');
    const vi = keepLocale(code, 'vi');
    expect(vi).toContain("'driver.trips.title': 'Chuyến của tôi'");
    expect(vi).not.toContain("'driver.trips.title': 'My trips'");
    expect(vi.length).toBeLessThan(code.length / 2);
  });

  it('leaves a file without words as it is', () => {
    const code = "export const LOCALES = ['vi', 'en', 'zh'] as const;\n";
    expect(keepLocale(code, 'en')).toBe(code);
  });
});

describe('route examples stay out of the console', () => {
  it('exports the same names, each empty', () => {
    const code = readFileSync(new URL('../../../services/contracts/src/routes/examples/trip-examples.ts', import.meta.url), 'utf8');
    const stub = emptyExports(code);
    expect(stub).toContain('export const TRIP_EXAMPLES = {};');
    expect(stub).toContain('export const AUTH_EXAMPLES = {};');
    expect(stub).not.toContain('ANSWERS');
  });
});

describe('a phone page asks for its own chunks at once', () => {
  it('reads which page module each route renders from the route tables', () => {
    const pages = routePageModules();
    expect(pages['/driver/register']).toMatch(/src[\\/]app[\\/]driver[\\/]register-page\.tsx$/);
    expect(pages['/driver/trips/:tripId']).toMatch(/trip-page\.tsx$/);
    expect(pages['/waits']).toMatch(/public-waits-page\.tsx$/);
  });

  it('preloads the chunks of the path opened, parameters included, and nothing on other paths', () => {
    const script = preloadScript({ '/driver/trips/:tripId': { js: ['assets/trip.js'], css: ['assets/driver.css'] }, '/waits': { js: ['assets/waits.js'], css: [] } });
    const run = (pathname: string) => {
      const links: Array<{ rel: string; href: string; as?: string }> = [];
      const document = { createElement: () => ({}) as { rel: string; href: string; as?: string }, head: { appendChild: (l: { rel: string; href: string }) => links.push(l) } };
      new Function('location', 'document', script)({ pathname }, document);
      return links.map((l) => `${l.rel} ${l.href}${l.as ? ` ${l.as}` : ''}`);
    };
    expect(run('/driver/trips/t-1')).toEqual(['modulepreload /assets/trip.js', 'preload /assets/driver.css style']);
    expect(run('/waits/')).toEqual(['modulepreload /assets/waits.js']);
    expect(run('/driver/trips')).toEqual([]);
  });
});
