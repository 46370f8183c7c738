/**
 * `npm start` and the e2e tests build the console on demand (the e2e globalSetup has just done
 * it if needed): the build is up to date, self-contained (no CDN: the gate has no internet) and
 * loads under the API's strict CSP (no inline script).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildConsole, ensureConsoleBuilt, isConsoleBuildStale } from '../src/build/console-build.ts';
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

  it("is React's production build, though the e2e setup built it under vitest's NODE_ENV=test", () => {
    const entry = /src="\/(assets\/index-[\w-]+\.js)"/.exec(readFileSync(join(CONSOLE_DIST, 'index.html'), 'utf8'))![1]!;
    // A sentence only React's development build carries.
    expect(readFileSync(join(CONSOLE_DIST, entry), 'utf8')).not.toContain('Check the render method of');
  });

  it('leaves NODE_ENV as it was: npm start builds in-process, then starts the platform', async () => {
    // Vite's build sets NODE_ENV=production for the process; the platform would then refuse to
    // start without production secrets (seen on a fresh clone before this was fixed).
    const dir = mkdtempSync(join(tmpdir(), 'console-build-'));
    // Vite only sets it when it is unset, as it is under `npm start` (vitest sets 'test').
    const before = process.env.NODE_ENV;
    delete process.env.NODE_ENV;
    try {
      await buildConsole(join(dir, 'dist'));
      expect(process.env.NODE_ENV).toBeUndefined();
      expect(existsSync(join(dir, 'dist', 'index.html'))).toBe(true);
    } finally {
      process.env.NODE_ENV = before;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
