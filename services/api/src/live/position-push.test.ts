/**
 * The position pushed to a waiting driver and the position their trip read answers come from one
 * projection (the trip read model), so a driver never sees the two disagree.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Trip, TripPositionMessage } from '@borderflow/contracts';
import { startTestApi, type TestApi } from '../testing/test-api.ts';
import { tripRequest } from '../testing/trip-fixtures.ts';

let t: TestApi;
beforeAll(async () => { t = await startTestApi(); }, 120_000);
afterAll(() => t?.close());

describe('position push', () => {
  it("sends a waiting driver the place their trip read shows, and moves it when the truck ahead is called", async () => {
    const operator = await t.token('operator1');
    const driver = await t.token('driver1');
    // Exit lanes paused: trucks wait instead of being called at once.
    for (const lane of ['KT-X1', 'KT-X2', 'KT-P1']) {
      expect((await t.call('POST', `/v1/gates/KT/lanes/${lane}/pause`, { token: operator, body: { reason: 'position push test' } })).status).toBe(200);
    }
    const first = await t.call<Trip>('POST', '/v1/trips', { token: driver, body: tripRequest() });
    const second = await t.call<Trip>('POST', '/v1/trips', { token: driver, body: tripRequest() });
    expect([first.status, second.status]).toEqual([201, 201]);

    const socket = await t.socket(driver);
    const pushed: TripPositionMessage[] = [];
    socket.on('position', (m: TripPositionMessage) => pushed.push(m));
    expect((await socket.emitWithAck('subscribe', { tripId: second.body.id })).ok).toBe(true);

    for (const trip of [first, second]) {
      const checkIn = await t.call('POST', '/v1/gates/KT/check-ins', { token: operator, body: { plate: trip.body.vehicle.plate } });
      expect(checkIn.status, JSON.stringify(checkIn.body)).toBe(200);
    }
    await expect.poll(() => pushed.at(-1)?.position, { timeout: 15_000 }).toBe(2);
    const read = await t.call<Trip>('GET', `/v1/trips/${second.body.id}`, { token: driver });
    expect(read.body.live?.position).toBe(2);
    const last = pushed.at(-1)!;
    expect(last).toMatchObject({ gate: 'KT', tripId: second.body.id });
    expect(last.eta.lowMs).toBeLessThanOrEqual(last.eta.expectedMs);
    // Only the subscribed trip's own place reaches this room.
    expect(pushed.every((m) => m.tripId === second.body.id)).toBe(true);

    // The truck ahead is called when a lane reopens: the place moves up, pushed and read alike.
    expect((await t.call('POST', '/v1/gates/KT/lanes/KT-X1/open', { token: operator, body: { reason: 'position push test' } })).status).toBe(200);
    await expect.poll(() => pushed.at(-1)?.position, { timeout: 15_000 }).toBe(1);
    const after = await t.call<Trip>('GET', `/v1/trips/${second.body.id}`, { token: driver });
    expect(after.body.live?.position).toBe(1);
    expect(pushed.at(-1)!.seq).toBeGreaterThan(last.seq);
    socket.disconnect();
  });
});
