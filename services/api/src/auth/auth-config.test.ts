import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadAuthConfig } from './auth-config.ts';
import { signAccessToken, verifyAccessToken } from './jwt.ts';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});
async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'borderflow-auth-'));
  dirs.push(d);
  return d;
}
const hex = (b: Uint8Array) => new TextDecoder().decode(b);
const who = { id: 'u1', username: 'operator1', role: 'operator' as const, sid: 's1', sv: 0 };

describe('loadAuthConfig', () => {
  it('refuses to start in production without a strong secret', () => {
    expect(() => loadAuthConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET/);
    expect(() => loadAuthConfig({ NODE_ENV: 'production', JWT_SECRET: 'short' })).toThrow(/at least 32/);
    expect(() => loadAuthConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) })).not.toThrow();
  });

  it('outside production keeps a random secret per data directory (mode 0600) that every process of it shares', async () => {
    const a = await tempDir();
    const b = await tempDir();
    const first = loadAuthConfig({ DATA_DIR: a });
    const again = loadAuthConfig({ DATA_DIR: a });
    const other = loadAuthConfig({}, undefined, { dataDir: b });
    expect(hex(again.secret)).toBe(hex(first.secret));
    expect(hex(other.secret)).not.toBe(hex(first.secret));
    expect(hex(first.secret)).toMatch(/^[0-9a-f]{64}$/);
    expect((await readFile(join(a, 'jwt-secret'), 'utf8')).trim()).toBe(hex(first.secret));
    expect((await stat(join(a, 'jwt-secret'))).mode & 0o777).toBe(0o600);
    // A token from one dev process is accepted by another on the same data directory.
    const { token } = await signAccessToken(first, who);
    await expect(verifyAccessToken(again, token)).resolves.toMatchObject({ id: 'u1', sid: 's1', sv: 0 });
    await expect(verifyAccessToken(other, token)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('several processes starting at once on a fresh data directory agree on one secret', async () => {
    const dir = await tempDir();
    const module = fileURLToPath(new URL('./dev-secret.ts', import.meta.url));
    const script = `const { devSecretFor } = await import(${JSON.stringify(module)}); process.stdout.write(devSecretFor(${JSON.stringify(dir)}));`;
    const run = () =>
      promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: fileURLToPath(new URL('../..', import.meta.url)) });
    const outs = await Promise.all([run(), run(), run(), run()]);
    const secrets = new Set(outs.map((o) => o.stdout));
    expect(secrets.size).toBe(1);
    expect([...secrets][0]).toBe((await readFile(join(dir, 'jwt-secret'), 'utf8')).trim());
    // No temporary files are left behind.
    expect(readdirSync(dir)).toEqual(['jwt-secret']);
  });

  it('no secret constant remains in the API source', () => {
    const src = fileURLToPath(new URL('..', import.meta.url));
    const files = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    for (const f of files) {
      const text = readFileSync(join(src, f), 'utf8');
      expect(text, f).not.toMatch(/DEV_JWT_SECRET|development-only-secret/);
    }
  });

  it('issues 15-minute tokens by default, configurable', async () => {
    const dir = await tempDir();
    expect(loadAuthConfig({ DATA_DIR: dir }).ttlSeconds).toBe(900);
    expect(loadAuthConfig({ DATA_DIR: dir, ACCESS_TOKEN_TTL_SECONDS: '120' }).ttlSeconds).toBe(120);
    expect(() => loadAuthConfig({ DATA_DIR: dir, ACCESS_TOKEN_TTL_SECONDS: 'soon' })).toThrow(/ACCESS_TOKEN_TTL_SECONDS/);
    const auth = loadAuthConfig({ JWT_SECRET: 's'.repeat(40) });
    const now = Math.floor(Date.now() / 1000);
    const old = await signAccessToken(auth, who, now - 16 * 60);
    await expect(verifyAccessToken(auth, old.token)).rejects.toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringMatching(/expired/) });
  });

  it('remembers a verified token only until it expires, and only under the configuration that verified it', async () => {
    const auth = loadAuthConfig({ JWT_SECRET: 's'.repeat(40) });
    const { token, exp } = await signAccessToken(auth, who);
    await expect(verifyAccessToken(auth, token)).resolves.toMatchObject({ id: 'u1', sid: 's1' });
    // The remembered claims cannot be altered by one request for the next.
    expect(Object.isFrozen(await verifyAccessToken(auth, token))).toBe(true);
    const sameSecretOtherAudience = { ...auth, audience: 'someone-else' };
    await expect(verifyAccessToken(sameSecretOtherAudience, token)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime((exp + 1) * 1000);
      await expect(verifyAccessToken(auth, token)).rejects.toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringMatching(/expired/) });
    } finally {
      vi.useRealTimers();
    }
  });
});
