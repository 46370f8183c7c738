/**
 * E2E: the province's data platform (LGSP / IOC) as an outside system would use it, through the typed
 * client against the real platform: an admin issues a data-consumer key; a truck registers and checks in;
 * the consumer pulls the gate's anonymised events and hourly stats with the key (X-Api-Key), and finds the
 * truck under its pseudonym, never its plate or its driver. No browser: the feed has no page.
 */
import { ApiError, ROUTES, createClient } from '@borderflow/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '@borderflow/api/src/testing/test-api.ts';
import { checkIn, clientAs, registerTrip } from './gate-setup.ts';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
}, 60_000);
afterAll(() => api?.close());

describe('the province feed, pulled with a data-consumer key', () => {
  it('shows the gate’s trip events and hourly stats without personal data', async () => {
    const admin = await clientAs(api, 'admin1');
    const issued = await admin.call(ROUTES.createDataConsumer, { body: { name: 'IOC Lào Cai' } });
    expect(issued.key).toMatch(/^bfd_/);
    const ioc = createClient({ baseUrl: api.url, apiKey: issued.key, language: 'vi' });

    const trip = await registerTrip(api, 'driver1');
    await checkIn(api, { plate: trip.vehicle.plate });

    let page = await ioc.call(ROUTES.provinceTripEvents, { params: { gate: 'KT' }, query: { limit: 500 } });
    await expect.poll(async () => {
      page = await ioc.call(ROUTES.provinceTripEvents, { params: { gate: 'KT' }, query: { limit: 500 } });
      return page.events.map((e) => e.type);
    }, { timeout: 20_000 }).toContain('trip_arrived');
    expect(page.licence.id).toBe('CC-BY-4.0');
    const text = JSON.stringify(page);
    for (const secret of [trip.vehicle.plate, trip.vehicle.plate.replace(/[-.]/g, ''), trip.driver.fullName, trip.driver.phone, trip.id]) {
      expect(text).not.toContain(secret);
    }

    const now = Date.now();
    const stats = await ioc.call(ROUTES.provinceHourlyStats, {
      params: { gate: 'KT' },
      query: { from: new Date(now - 3_600_000).toISOString(), to: new Date(now + 3_600_000).toISOString() },
    });
    expect(stats.timeZone).toBe('Asia/Ho_Chi_Minh');
    expect(stats.hours.reduce((n, h) => n + h.called + h.queueAtHourEnd, 0)).toBeGreaterThan(0);

    // The key reads the feed and nothing else; a revoked key is refused.
    await expect(ioc.call(ROUTES.listTrips, { query: {} })).rejects.toMatchObject({ status: 403 });
    await admin.call(ROUTES.revokeDataConsumer, { params: { consumerId: issued.id } });
    const refused = await ioc.call(ROUTES.provinceTripEvents, { params: { gate: 'KT' }, query: {} }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ApiError);
    expect((refused as ApiError).status).toBe(401);
  });
});
