import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SignJWT, jwtVerify } from 'jose';
import { loadAuthConfig } from './auth-config.ts';
import { jwtStats, quickAccessClaims, signAccessToken, verifyAccessToken } from './jwt.ts';

const auth = loadAuthConfig({ JWT_SECRET: 'q'.repeat(40) });
const who = { id: 'u1', username: 'driver1', role: 'driver' as const, sid: 's1', sv: 0 };
const now = Math.floor(Date.now() / 1000);

/** A token as anyone could make it: any header, any claims, any secret. */
async function made(claims: Record<string, unknown>, opts: { header?: Record<string, unknown>; secret?: string } = {}): Promise<string> {
  return new SignJWT({ role: 'driver', username: 'driver1', sid: 's1', sv: 0, ...claims })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT', ...opts.header })
    .sign(opts.secret === undefined ? auth.secret : new TextEncoder().encode(opts.secret));
}

/** Any bytes, signed with the platform's secret (headers jose would refuse to write). */
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
function signedRaw(header: unknown, payload: unknown): string {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${createHmac('sha256', auth.secret).update(input).digest('base64url')}`;
}

const base = { iss: auth.issuer, aud: auth.audience, sub: 'u1', iat: now, exp: now + 600 };

describe('the quick access-token check', () => {
  it('accepts the platform\'s own tokens without jose\'s WebCrypto check', async () => {
    const { token } = await signAccessToken(auth, who);
    const before = jwtStats.fullChecks;
    await expect(verifyAccessToken(loadAuthConfig({ JWT_SECRET: 'q'.repeat(40) }), token)).resolves.toMatchObject({ id: 'u1', sid: 's1', sv: 0 });
    expect(jwtStats.fullChecks).toBe(before);
  });

  it('accepts only what jose accepts, with the same claims; the rest goes to jose, whose refusal is the answer', async () => {
    const key = await crypto.subtle.importKey('raw', new Uint8Array(auth.secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
    const jose = async (token: string) => {
      try {
        return (await jwtVerify(token, key, { algorithms: ['HS256'], issuer: auth.issuer, audience: auth.audience, requiredClaims: ['exp', 'iat', 'sub'] })).payload;
      } catch {
        return null;
      }
    };
    const own = (await signAccessToken(auth, who)).token;
    const [h, p, s] = own.split('.') as [string, string, string];
    const cases: Record<string, string> = {
      own,
      made: await made(base),
      otherSecret: await made(base, { secret: 'x'.repeat(40) }),
      expired: await made({ ...base, exp: now - 1 }),
      expiresNow: await made({ ...base, exp: now }),
      otherIssuer: await made({ ...base, iss: 'elsewhere' }),
      otherAudience: await made({ ...base, aud: 'elsewhere' }),
      audienceList: await made({ ...base, aud: [auth.audience, 'more'] }),
      noIat: await made({ ...base, iat: undefined }),
      noSub: await made({ ...base, sub: undefined }),
      noExp: await made({ ...base, exp: undefined }),
      stringExp: await made({ ...base, exp: String(now + 600) }),
      notYet: await made({ ...base, nbf: now + 60 }),
      validNbf: await made({ ...base, nbf: now - 60 }),
      extraHeader: await made(base, { header: { kid: 'k1' } }),
      critHeader: signedRaw({ alg: 'HS256', typ: 'JWT', crit: ['exp'], exp: 1 }, base),
      reorderedHeader: signedRaw({ typ: 'JWT', alg: 'HS256' }, base),
      algNone: `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${p}.`,
      noSignature: `${h}.${p}.`,
      paddedSignature: `${h}.${p}.${s}=`,
      swappedPayload: `${h}.${Buffer.from(JSON.stringify({ ...base, role: 'admin' })).toString('base64url')}.${s}`,
      fourParts: `${own}.x`,
      arrayPayload: signedRaw({ alg: 'HS256', typ: 'JWT' }, [1]),
    };
    const quickOnes: string[] = [];
    for (const [name, token] of Object.entries(cases)) {
      const quick = quickAccessClaims(auth, token, now);
      if (quick === null) continue;
      quickOnes.push(name);
      expect({ name, claims: await jose(token) }).toEqual({ name, claims: quick });
    }
    expect(quickOnes.sort()).toEqual(['made', 'own', 'validNbf']);
  });
});
