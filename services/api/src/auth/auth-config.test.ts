import { describe, expect, it } from 'vitest';
import { DEV_JWT_SECRET, loadAuthConfig } from './auth-config.ts';
import { signAccessToken, verifyAccessToken } from './jwt.ts';

describe('loadAuthConfig', () => {
  it('refuses to start in production without a strong secret', () => {
    expect(() => loadAuthConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET/);
    expect(() => loadAuthConfig({ NODE_ENV: 'production', JWT_SECRET: 'short' })).toThrow(/at least 32/);
    expect(() => loadAuthConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) })).not.toThrow();
  });

  it('uses the fixed development secret outside production, with a warning', () => {
    const warnings: string[] = [];
    const auth = loadAuthConfig({}, { warn: (m: string) => warnings.push(m) } as never);
    expect(new TextDecoder().decode(auth.secret)).toBe(DEV_JWT_SECRET);
    expect(warnings[0]).toMatch(/JWT_SECRET is not set/);
  });

  it('issues 12-hour tokens another process with the same secret accepts', async () => {
    const a = loadAuthConfig({ JWT_SECRET: 's'.repeat(40) });
    const b = loadAuthConfig({ JWT_SECRET: 's'.repeat(40) });
    const now = Math.floor(Date.now() / 1000);
    const token = await signAccessToken(a, { id: 'u1', username: 'operator1', role: 'operator' }, now);
    await expect(verifyAccessToken(b, token)).resolves.toEqual({ id: 'u1', username: 'operator1', role: 'operator' });
    const old = await signAccessToken(a, { id: 'u1', username: 'operator1', role: 'operator' }, now - 13 * 3600);
    await expect(verifyAccessToken(b, old)).rejects.toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringMatching(/expired/) });
  });
});
