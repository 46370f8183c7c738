import { describe, expect, it } from 'vitest';
import { KeyRing } from './key-ring.ts';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, signRequest, verifyRequest } from './request-signature.ts';
import { loadKeyRing } from './key-ring.ts';

const old = { id: 'k-2024', secret: Buffer.from('old-secret-of-at-least-16'), notAfter: Date.parse('2025-06-01T00:00:00Z') };
const current = { id: 'k-2025', secret: Buffer.from('new-secret-of-at-least-16'), notAfter: null };
const ring = new KeyRing([old, current], 'k-2025');
const now = Date.parse('2025-05-20T08:00:00Z');
const WINDOW = 5 * 60_000;
const body = '<Message kind="agency_decision"/>';

describe('request signatures', () => {
  it('verifies a body signed with any active key of the ring (rotation)', () => {
    for (const key of [old, current]) {
      const check = verifyRequest(signRequest(key, body, now), body, ring, now, WINDOW);
      expect(check).toMatchObject({ ok: true, keyId: key.id });
    }
  });

  it('refuses a changed body, an unknown or retired key, a stale timestamp and missing headers', () => {
    const headers = signRequest(current, body, now);
    expect(verifyRequest(headers, `${body} `, ring, now, WINDOW)).toMatchObject({ ok: false, reason: 'bad_signature' });
    const stranger = { id: 'k-x', secret: Buffer.from('someone-elses-secret-16'), notAfter: null };
    expect(verifyRequest(signRequest(stranger, body, now), body, ring, now, WINDOW)).toMatchObject({ ok: false, reason: 'unknown_key' });
    const afterRetirement = Date.parse('2025-06-02T00:00:00Z');
    expect(verifyRequest(signRequest(old, body, afterRetirement), body, ring, afterRetirement, WINDOW)).toMatchObject({ ok: false, reason: 'unknown_key' });
    expect(verifyRequest(headers, body, ring, now + WINDOW + 1000, WINDOW)).toMatchObject({ ok: false, reason: 'stale' });
    // A timestamp moved to look fresh breaks the signature: it is signed too.
    const moved = { ...headers, [TIMESTAMP_HEADER]: String(now + WINDOW * 2) };
    expect(verifyRequest(moved, body, ring, now + WINDOW * 2, WINDOW)).toMatchObject({ ok: false, reason: 'bad_signature' });
    expect(verifyRequest({ [SIGNATURE_HEADER]: headers[SIGNATURE_HEADER] }, body, ring, now, WINDOW)).toMatchObject({ ok: false, reason: 'missing_signature' });
  });

  it('refuses inline or short secrets in production, and names a missing env variable', () => {
    const inline = [{ id: 'k1', secret: 'x'.repeat(40) }];
    expect(() => loadKeyRing('vn-customs', inline, undefined, { NODE_ENV: 'production' })).toThrow(/inline secret/);
    const fromEnv = [{ id: 'k1', secretEnv: 'VN_CUSTOMS_KEY' }];
    expect(() => loadKeyRing('vn-customs', fromEnv, undefined, { NODE_ENV: 'production', VN_CUSTOMS_KEY: 'short-secret-16chars' })).toThrow(/at least 32/);
    expect(() => loadKeyRing('vn-customs', fromEnv, undefined, {})).toThrow(/VN_CUSTOMS_KEY/);
    const ok = loadKeyRing('vn-customs', fromEnv, undefined, { NODE_ENV: 'production', VN_CUSTOMS_KEY: 'y'.repeat(40) });
    expect(ok.signingKey.id).toBe('k1');
  });
});
