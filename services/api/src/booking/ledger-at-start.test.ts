/**
 * A platform builds each gate's booking ledger before it takes its first request: left to the first
 * booking step, the rebuild fell inside a release storm's first wave, every request of which
 * waited for it (issue 12, booking bench: ~15 ms of its p99). A booking afterwards finds it built.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { testRedisUrl } from '@borderflow/testkit/testing';
import { startTestApi, type TestApi } from '../testing/test-api.ts';
import { SlotLedger } from './slot-ledger.ts';

let t: TestApi;
let redis: Redis;
beforeAll(async () => {
  t = await startTestApi();
  redis = new Redis(testRedisUrl());
}, 120_000);
afterAll(async () => {
  redis?.disconnect();
  await t?.close();
});

describe('the booking ledger at start', () => {
  it('is built for the gate before the first booking arrives', async () => {
    const ledger = new SlotLedger(redis, t.prefix, { account: 1, company: 1 });
    expect(await redis.exists(ledger.builtKey('KT'))).toBe(1);
  });
});
