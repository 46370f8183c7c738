/**
 * Smaller holes closed: the console's CSP lets it connect to its own origin
 * only (before: `ws:` and `wss:` to any host), and /metrics is never public
 * (before: anyone could read it) — a bearer token on the API's port, or a port
 * of its own, and off with neither.
 */
import { describe, expect, it } from 'vitest';
import { startTestApi, TEST_METRICS_TOKEN } from '../testing/test-api.ts';
import { useTestApi } from '../testing/use-test-api.ts';

const t = useTestApi();

describe('content security policy', () => {
  it("allows connections to the page's own origin only", async () => {
    const r = await t.call('GET', '/');
    const csp = r.headers.get('content-security-policy') ?? '';
    const connect = /connect-src ([^;]*)/.exec(csp)?.[1]?.trim();
    expect(connect).toBe("'self'");
  });
});

describe('/metrics', () => {
  it('needs the bearer token', async () => {
    expect((await t.call('GET', '/metrics')).status).toBe(401);
    expect((await t.call('GET', '/metrics', { token: 'wrong-token' })).status).toBe(401);
    const ok = await t.call('GET', '/metrics', { token: TEST_METRICS_TOKEN });
    expect(ok.status).toBe(200);
    expect(ok.body).toContain('borderflow_http_request_duration_seconds');
  });

  it('is off without a token, and only on its own port when one is set', async () => {
    const off = await startTestApi({ metrics: { token: null, port: null } });
    const own = await startTestApi({ metrics: { token: null, port: 0 } });
    try {
      expect((await off.call('GET', '/metrics')).status).toBe(404);
      expect(off.platform.metricsUrl).toBeNull();
      expect((await own.call('GET', '/metrics', { token: TEST_METRICS_TOKEN })).status).toBe(404);
      const scraped = await fetch(`${own.platform.metricsUrl}/metrics`);
      expect(scraped.status).toBe(200);
      expect(await scraped.text()).toContain('borderflow_scheduler_commands_total');
      expect((await fetch(`${own.platform.metricsUrl}/v1/me`)).status).toBe(404);
    } finally {
      await Promise.all([off.close(), own.close()]);
    }
  });
});
