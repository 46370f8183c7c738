/** Which webhook destinations are refused (SSRF): addresses and names that lead inside. */
import { describe, expect, it } from 'vitest';
import { allowPrivateFromEnv, assertPublicDestination, isPublicAddress } from './ssrf-guard.ts';

describe('the webhook destination guard', () => {
  it('refuses loopback, private, link-local, reserved and mapped addresses; accepts public ones', () => {
    for (const inside of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', '::', 'fd00::1', 'fe80::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1']) {
      expect(isPublicAddress(inside), inside).toBe(false);
    }
    for (const outside of ['8.8.8.8', '1.1.1.1', '113.160.0.1', '2001:4860:4860::8888']) expect(isPublicAddress(outside), outside).toBe(true);
    expect(isPublicAddress('not-an-ip')).toBe(false);
  });

  it('resolves names first: localhost is refused by what it resolves to, and names a rule', async () => {
    await expect(assertPublicDestination('http://localhost:8080/hook', false)).rejects.toMatchObject({ rule: 'private_address' });
    await expect(assertPublicDestination('http://[::1]/hook', false)).rejects.toMatchObject({ rule: 'private_address' });
    await expect(assertPublicDestination('https://169.254.169.254/latest/meta-data', false)).rejects.toMatchObject({ rule: 'private_address' });
    await expect(assertPublicDestination('https://no-such-host.invalid/hook', false)).rejects.toMatchObject({ rule: 'unresolvable' });
    await expect(assertPublicDestination('https://8.8.8.8/hook', false)).resolves.toBeUndefined();
    // Tests and the demo on one machine allow loopback on purpose.
    await expect(assertPublicDestination('http://127.0.0.1:8080/hook', true)).resolves.toBeUndefined();
  });

  it('is lifted only by an explicit WEBHOOK_ALLOW_PRIVATE', () => {
    expect(allowPrivateFromEnv({})).toBe(false);
    expect(allowPrivateFromEnv({ WEBHOOK_ALLOW_PRIVATE: '0' })).toBe(false);
    expect(allowPrivateFromEnv({ WEBHOOK_ALLOW_PRIVATE: '1' })).toBe(true);
  });
});
