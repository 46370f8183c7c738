import { describe, expect, it } from 'vitest';
import { ZMovementNoticeSchema, type MovementNotice } from '@borderflow/contracts';
import { createRandom } from '@borderflow/traffic';
import { ZAuthorityConfigSchema, type AuthorityConfigInput } from './authority-config.ts';
import { planDecisions } from './decision-maker.ts';

const notice = (hsCode = '6907.21.10', plantOrAnimal = false): MovementNotice =>
  ZMovementNoticeSchema.parse({
    tripId: 'trip-1', purpose: 'original', revision: 0, direction: 'exit', expectedArrivalAt: '2025-06-01T08:30:00+07:00',
    vehicle: { plate: '24C-123.45', nationality: 'VN' }, trailer: null, driver: { fullName: 'Nguyễn Văn An', phone: '+84 912 345 678' },
    containers: [], declarations: [{ number: '305123456780', tradeType: 'B11', customsOffice: '15BB' }], parties: [],
    cargo: [{ description: 'Hàng hoá', hsCode, packages: 10, grossKg: 1000, plantOrAnimal }],
  });

const config = (overrides: Partial<AuthorityConfigInput> = {}) =>
  ZAuthorityConfigSchema.parse({
    duplicateRate: 0, amendmentRate: 0,
    profiles: [{ name: 'vnaccs', kind: 'vnaccs', agency: 'customs', systemId: 'vn-customs', keys: [{ id: 'k', secret: 'sixteen-characters' }] }],
    ...overrides,
  });

describe('the authority decides', () => {
  it('assigns channels in the configured risk ratios, and always red for risky goods', () => {
    const c = config();
    const rnd = createRandom(7);
    const counts = { green: 0, yellow: 0, red: 0 };
    for (let i = 0; i < 2000; i++) counts[planDecisions(notice(), c.profiles[0]!, c, rnd, 0)[0]!.decision.channel!.color]++;
    expect(counts.green / 2000).toBeCloseTo(0.6, 1);
    expect(counts.yellow / 2000).toBeCloseTo(0.3, 1);
    expect(counts.red / 2000).toBeCloseTo(0.1, 1);
    const cigarettes = planDecisions(notice('2402.20.90'), c.profiles[0]!, c, rnd, 0);
    expect(cigarettes[0]!.decision).toMatchObject({ channel: { code: '3', color: 'red' }, status: 'channel_assigned' });
  });

  it('amends a declaration with a stricter channel, sometimes delivering the amendment first', () => {
    const c = config({ amendmentRate: 1, outOfOrderRate: 1, channelRatios: { green: 1, yellow: 0, red: 0 } });
    const plan = planDecisions(notice(), c.profiles[0]!, c, createRandom(3), 1000);
    expect(plan.map((p) => [p.decision.amendment, p.decision.channel!.color])).toEqual([[0, 'green'], [1, 'yellow']]);
    const [original, amended] = plan;
    // Delivered out of order: the amendment (decided later) goes out first.
    expect(amended!.afterMs).toBeLessThan(original!.afterMs);
    expect(amended!.decision.decidedAtMs).toBeGreaterThan(original!.decision.decidedAtMs);
  });

  it('has quarantine inspect plant goods, holding some and releasing them later', () => {
    const c = config({
      holdRate: 1,
      profiles: [{ name: 'quarantine', kind: 'webhook', agency: 'quarantine', systemId: 'vn-q', keys: [{ id: 'k', secret: 'sixteen-characters' }] }],
    });
    expect(planDecisions(notice(), c.profiles[0]!, c, createRandom(1), 0)).toEqual([]);
    const plan = planDecisions(notice('0810.90.10', true), c.profiles[0]!, c, createRandom(1), 0);
    expect(plan.map((p) => [p.decision.status, p.decision.holds[0]?.action])).toEqual([['inspection_required', 'place'], ['released', 'release']]);
    expect(plan[1]!.afterMs).toBeGreaterThan(plan[0]!.afterMs);
  });
});
