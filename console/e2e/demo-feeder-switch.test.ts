/** E2E: an admin turns the demo traffic off from the users page, with a reason; it is audited. */
import { describe, expect, it } from 'vitest';
import { useE2e } from './use-e2e.ts';

const POLL = { timeout: 15_000, interval: 100 };
const h = useE2e();

describe('demo feeder switch in the console', () => {
  it('turns the demo traffic off with a reason', async () => {
    const admin = await h.openAs('admin1', '/admin/users');
    const { page } = admin;
    const sw = page.getByTestId('feeder-switch');
    await sw.waitFor(POLL);
    expect(await sw.getAttribute('data-enabled')).toBe('true');
    await page.getByTestId('feeder-reason').fill('Người dùng thật đang thử');
    await page.getByTestId('feeder-toggle').click();
    await expect.poll(() => sw.getAttribute('data-enabled'), POLL).toBe('false');
    await h.screenshot(page, 'admin-feeder-off');
    expect(await h.api.db.prisma.auditEntry.count({ where: { action: 'demo-feeder.off' } })).toBe(1);
  }, 90_000);
});
