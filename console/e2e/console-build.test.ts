/**
 * `npm start` and the e2e tests build the console on demand (the e2e globalSetup has just done
 * it if needed): the build is up to date, self-contained (no CDN: the gate has no internet) and
 * loads under the API's strict CSP (no inline script).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureConsoleBuilt, isConsoleBuildStale } from '../src/build/console-build.ts';
import { CONSOLE_DIST } from '../src/build/vite-options.ts';
import { consoleStaticDir } from '../src/index.ts';

describe('console build', () => {
  it('is up to date, so a second ensureConsoleBuilt() does nothing', async () => {
    await ensureConsoleBuilt(); // a no-op unless a source changed since the globalSetup
    expect(isConsoleBuildStale()).toBe(false);
    expect(await ensureConsoleBuilt()).toBe(false);
    expect(consoleStaticDir.replace(/\/$/, '')).toBe(CONSOLE_DIST.replace(/\/$/, ''));
  });

  it('references only its own files and has no inline script', () => {
    const html = readFileSync(join(CONSOLE_DIST, 'index.html'), 'utf8');
    const refs = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.some((r) => /^\/assets\/index-[\w-]+\.js$/.test(r))).toBe(true);
    for (const ref of refs) {
      expect(ref, ref).not.toMatch(/^(https?:)?\/\//);
      if (!ref.startsWith('data:')) expect(existsSync(join(CONSOLE_DIST, ref)), ref).toBe(true);
    }
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });
});
