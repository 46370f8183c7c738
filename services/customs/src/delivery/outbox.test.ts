import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testRedis, type TestRedis } from '@borderflow/testkit/testing';
import { CircuitBreaker } from './circuit-breaker.ts';
import { Outbox } from './outbox.ts';
import { OutboxKeys } from './outbox-keys.ts';

let t: TestRedis;
let outbox: Outbox;
beforeEach(() => {
  t = testRedis();
  outbox = new Outbox(t.redis, new OutboxKeys(t.prefix, 'vn-customs'));
});
afterEach(() => t.cleanup());

const msg = (id: string, order = 'trip-1') => ({ id, order, kind: 'gate_event' as const, body: `{"id":"${id}"}` });

describe('outbox: per-trip order', () => {
  it('gives only the head of each trip a job; delivering it hands over to the next', async () => {
    expect(await outbox.accept(msg('a'), 1)).toEqual({ accepted: true, head: { id: 'a', gen: 0 } });
    expect(await outbox.accept(msg('b'), 2)).toEqual({ accepted: true, head: null });
    expect(await outbox.accept(msg('x', 'trip-2'), 3)).toEqual({ accepted: true, head: { id: 'x', gen: 0 } });
    expect(await outbox.accept(msg('a'), 4)).toEqual({ accepted: false, head: null }); // duplicate id
    expect(await outbox.counts()).toMatchObject({ backlog: 3, oldestAcceptedAt: 1, deadLetters: 0 });
    expect((await outbox.heads()).map((h) => h.id).sort()).toEqual(['a', 'x']);

    expect(await outbox.isHead((await outbox.load('b'))!)).toBe(false);
    expect(await outbox.delivered('a', 10, 'trip-1')).toMatchObject({ next: { id: 'b', gen: 0, message: { id: 'b', order: 'trip-1', kind: 'gate_event', body: '{"id":"b"}' } } });
    expect(await outbox.delivered('a', 11)).toBeNull(); // already delivered
    expect(await outbox.delivered('b', 12)).toEqual({ next: null });
    expect(await outbox.accept(msg('b'), 13)).toEqual({ accepted: false, head: null }); // remembered after delivery
    expect(await outbox.counts()).toMatchObject({ backlog: 1, delivered: 2 });
  });

  it('parks a trip behind its dead letter until it is re-driven, keeping the order', async () => {
    await outbox.accept(msg('a'), 1);
    await outbox.accept(msg('b'), 2);
    expect(await outbox.deadLetter('a', 'HTTP 400: bad seal number', 3, 5)).toBe(true);
    // b is now first in the list but must not overtake the dead letter.
    expect(await outbox.isHead((await outbox.load('b'))!)).toBe(false);
    expect(await outbox.heads()).toEqual([]);
    expect(await outbox.accept(msg('c'), 6)).toEqual({ accepted: true, head: null });
    expect(await outbox.counts()).toMatchObject({ backlog: 2, deadLetters: 1, blockedTrips: 1 });
    const dead = await outbox.deadLetters();
    expect(dead.messages[0]).toMatchObject({ id: 'a', state: 'dead', attempts: 3, error: 'HTTP 400: bad seal number' });

    expect(await outbox.redrive('a', 7)).toEqual({ id: 'a', gen: 1 });
    expect(await outbox.redrive('a', 7)).toBeNull();
    expect(await outbox.isHead((await outbox.load('a'))!)).toBe(true);
    expect(await outbox.delivered('a', 8)).toMatchObject({ next: { id: 'b', gen: 0 } });
    expect(await outbox.counts()).toMatchObject({ deadLetters: 0, blockedTrips: 0, backlog: 2 });
  });
});

describe('circuit breaker', () => {
  it('opens after the threshold, lets one probe through after the cooldown, and closes on its success', async () => {
    const breaker = new CircuitBreaker(t.redis, t.key('breaker'), { failureThreshold: 3, cooldownMs: 1000, probeTimeoutMs: 500 });
    expect(await breaker.acquire(0)).toEqual({ allowed: true, probe: false });
    expect(await breaker.failure(1, 'HTTP 503')).toBe('closed');
    expect(await breaker.success(2)).toBe('closed'); // a success resets the count
    for (let i = 0; i < 2; i++) await breaker.failure(3 + i, 'HTTP 503');
    expect(await breaker.failure(5, 'HTTP 503')).toBe('open');
    expect(await breaker.acquire(500)).toEqual({ allowed: false, state: 'open', waitMs: 505 });

    expect(await breaker.acquire(1005)).toEqual({ allowed: true, probe: true });
    expect(await breaker.acquire(1006)).toMatchObject({ allowed: false, state: 'half_open' }); // one probe at a time
    expect(await breaker.failure(1010, 'timeout')).toBe('open'); // the probe failed
    expect((await breaker.status()).opened).toBe(2);

    expect(await breaker.acquire(2010)).toEqual({ allowed: true, probe: true });
    expect(await breaker.acquire(2600)).toEqual({ allowed: true, probe: true }); // the first probe never reported
    expect(await breaker.success(2601)).toBe('closed');
    expect(await breaker.acquire(2602)).toEqual({ allowed: true, probe: false });
    expect(await breaker.status()).toMatchObject({ state: 'closed', consecutiveFailures: 0, opened: 2, lastError: 'timeout' });
  });
});
