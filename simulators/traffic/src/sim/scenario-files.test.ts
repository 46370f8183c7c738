import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, ZSimScenarioSchema } from '@borderflow/contracts';
import { loadPolicy, loadScenario, parseSimFile, policyConfig, SCENARIOS_DIR, simCatalog, SimFileError } from './scenario-files.ts';
import { effectivePolicy } from './gate-simulation.ts';
import { drawTrucks } from './sim-truck.ts';

describe('scenario and policy files', () => {
  it('are all valid, named after their id, and listed in the catalog', () => {
    const files = readdirSync(SCENARIOS_DIR).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5));
    expect(files).toEqual(expect.arrayContaining(['kim-thanh-normal', 'peak', 'lychee-season', 'far-side-cap-100', 'xray-lane-down-3h', 'customs-outage']));
    for (const id of files) expect(loadScenario(id).id).toBe(id);
    const catalog = simCatalog();
    expect(catalog.scenarios.map((s) => s.id).sort()).toEqual([...files].sort());
    expect(catalog.policies.map((p) => p.id)).toEqual(['default', 'fifo', 'perishable-first']);
    for (const p of catalog.policies) expect(loadPolicy(p.id).id).toBe(p.id);
  });

  it('describe the days the issue names', () => {
    const trucks = (id: string) => drawTrucks(loadScenario(id), 1);
    expect(Math.abs(trucks('kim-thanh-normal').length - 400)).toBeLessThan(70);
    expect(Math.abs(trucks('peak').length - 600)).toBeLessThan(80);
    expect(loadScenario('peak').openingHours.closeHour).toBe(22);
    const share = (id: string) => trucks(id).filter((t) => t.priorityClass === 'perishable').length / trucks(id).length;
    expect(share('lychee-season')).toBeGreaterThan(2 * share('kim-thanh-normal'));
    const cap = loadScenario('far-side-cap-100');
    const hours = cap.openingHours.closeHour - cap.openingHours.openHour;
    expect(effectivePolicy(cap, DEFAULT_POLICY).crossCapPerHour.exit * hours).toBeGreaterThanOrEqual(100);
    expect(effectivePolicy(cap, DEFAULT_POLICY).crossCapPerHour.exit * hours).toBeLessThan(110);
    expect(loadScenario('xray-lane-down-3h').disruptions).toEqual([expect.objectContaining({ kind: 'lane_outage', laneId: 'KT-X2', fromHour: 10, toHour: 13 })]);
    expect(loadScenario('customs-outage').disruptions[0]?.kind).toBe('customs_outage');
  });

  it('merge a policy over the published v1', () => {
    expect(policyConfig(loadPolicy('default'))).toEqual(DEFAULT_POLICY);
    expect(policyConfig(loadPolicy('fifo'))).toMatchObject({ agingMs: 1, interleave: ['ordinary'], callUpTimeoutMs: DEFAULT_POLICY.callUpTimeoutMs });
    expect(policyConfig(loadPolicy('perishable-first')).interleave).toEqual(['perishable']);
  });

  it('reject a broken file naming the field and the rule, and an unknown id', () => {
    const good = loadScenario('peak');
    const broken = JSON.stringify({ ...good, arrivals: { ...good.arrivals, hourlyProfile: [1, 2, 3] }, travel: { ...good.travel, noShowShare: 2 } });
    try {
      parseSimFile(broken, ZSimScenarioSchema, 'scenario peak');
      throw new Error('should have failed');
    } catch (err) {
      expect(err).toBeInstanceOf(SimFileError);
      expect((err as SimFileError).kind).toBe('invalid');
      expect((err as SimFileError).issues.join('\n')).toMatch(/arrivals\.hourlyProfile: .*24/);
      expect((err as SimFileError).issues.join('\n')).toMatch(/travel\.noShowShare: /);
    }
    expect(() => parseSimFile('{', ZSimScenarioSchema, 'x')).toThrow(/not JSON/);
    expect(() => parseSimFile(JSON.stringify({ ...good, openingHours: { openHour: 20, closeHour: 7 } }), ZSimScenarioSchema, 'x')).toThrow(/closeHour/);
    expect(() => loadScenario('no-such-day')).toThrow(SimFileError);
    expect(() => loadScenario('../etc/passwd')).toThrow(/not a file name/);
  });

  it('draw the same trucks for a seed, with routes from the customs channel and the cargo', () => {
    const s = loadScenario('kim-thanh-normal');
    const a = drawTrucks(s, 11);
    expect(drawTrucks(s, 11)).toEqual(a);
    expect(drawTrucks(s, 12)).not.toEqual(a);
    for (const t of a) {
      expect(t.stages.at(-1)).toBe('gate');
      if (t.channel === 'green') expect(t.stages.includes('documents')).toBe(false);
      if (t.plantOrAnimal) expect(t.stages).toContain('quarantine');
      if (t.priorityClass === 'perishable') expect(t.perishable).toBe(true);
    }
    expect(a.some((t) => t.stages.includes('xray'))).toBe(true);
    expect(a.some((t) => t.priorityClass === 'empty_return')).toBe(true);
  });
});
