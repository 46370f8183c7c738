/**
 * The one e2e harness of a test file, started before its tests and closed after them; with `plan`, that capacity
 * plan is published first (the booking journeys need slots whatever the hour the test runs at).
 */
import { afterAll, beforeAll } from 'vitest';
import { ROUTES } from '@borderflow/client';
import type { CapacityPlan } from '@borderflow/contracts';
import { current } from '@borderflow/testkit/testing';
import { clientAs } from './gate-setup.ts';
import { startE2e, type E2eHarness } from './harness.ts';

/**
 * @example
 * const h = useE2e({ plan: everyHourPlan(1) });
 * it('…', async () => { const { page } = await h.openAs('driver1', '/driver/book'); });
 */
export function useE2e({ plan, platform }: { plan?: CapacityPlan; platform?: Parameters<typeof startE2e>[0] } = {}): E2eHarness {
  let harness: E2eHarness | undefined;
  beforeAll(async () => {
    harness = await startE2e(platform);
    if (plan) await (await clientAs(harness.api, 'manager1')).call(ROUTES.publishCapacityPlan, { params: { gate: 'KT' }, body: plan });
  }, 120_000);
  afterAll(() => harness?.close());
  return current(() => harness);
}
