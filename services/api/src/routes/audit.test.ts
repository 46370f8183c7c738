/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies in tests are arbitrary JSON */
/**
 * The audit log as managers and admins read it: privileged actions (a policy
 * change, lane status changes) appear with who, what, why; the filters and the
 * cursor work; the CSV export defuses formula cells; nobody else may read it.
 * Real HTTP server, real Redis, real database.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApi } from '../testing/use-test-api.ts';

const t = useTestApi();
let operator: string, manager: string, admin: string;
let startedAt: string;
beforeAll(async () => {
  [operator, manager, admin] = await t.tokens('operator1', 'manager1', 'admin1');
  startedAt = new Date(Date.now() - 1000).toISOString();
  // Three lane status changes, one with a reason a spreadsheet would run as a formula.
  for (const [action, reason] of [['pause', 'Ca nghỉ trưa'], ['open', 'Hết giờ nghỉ'], ['maintenance', '=cmd()|" /C calc"!A1']] as const) {
    const r = await t.call('POST', `/v1/gates/KT/lanes/KT-X1/${action}`, { token: operator, body: { reason } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  }
  const current = await t.call('GET', '/v1/gates/KT/policy');
  const put = await t.call('PUT', '/v1/gates/KT/policy', { token: admin, body: current.body.policy });
  expect(put.status, JSON.stringify(put.body)).toBe(200);
});

const audit = (query: string, token = manager) => t.call('GET', `/v1/audit${query}`, { token });

describe('what is recorded', () => {
  it('records each lane status change with the operator, the lane, the new status and the reason', async () => {
    const r = await audit('?action=lane.status');
    expect(r.status).toBe(200);
    expect(r.body.entries.map((e: any) => [e.detail.status, e.reason])).toEqual([
      ['maintenance', '=cmd()|" /C calc"!A1'],
      ['open', 'Hết giờ nghỉ'],
      ['paused', 'Ca nghỉ trưa'],
    ]);
    const e = r.body.entries[0];
    expect(e).toMatchObject({ actorName: 'operator1', actorRole: 'operator', targetType: 'lane', targetId: 'KT-X1', gateCode: 'KT' });
    expect(e.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+07:00$/);
  });

  it('does not record a retried lane command twice', async () => {
    const body = { reason: 'Thử lại', commandId: 'retry-lane-0001' };
    expect((await t.call('POST', '/v1/gates/KT/lanes/KT-N1/pause', { token: operator, body })).status).toBe(200);
    const again = await t.call('POST', '/v1/gates/KT/lanes/KT-N1/pause', { token: operator, body });
    expect(again.body.replayed).toBe(true);
    const r = await audit('?action=lane.status&targetId=KT-N1');
    expect(r.body.entries).toHaveLength(1);
  });

  it('records a policy change with the versions before and after', async () => {
    const r = await audit('?action=policy.change');
    expect(r.body.entries).toHaveLength(1);
    const e = r.body.entries[0];
    expect(e).toMatchObject({ actorName: 'admin1', actorRole: 'admin', targetType: 'policy', gateCode: 'KT' });
    expect(e.detail.toVersion).toBe(e.detail.fromVersion + 1);
    expect(e.targetId).toBe(`KT:${e.detail.toVersion}`);
  });
});

describe('filters and paging', () => {
  it('filters by several actions, by actor, by target and by gate', async () => {
    const both = await audit('?action=lane.status&action=policy.change');
    expect(new Set(both.body.entries.map((e: any) => e.action))).toEqual(new Set(['lane.status', 'policy.change']));
    const comma = await audit('?action=lane.status,policy.change');
    expect(comma.body.entries).toEqual(both.body.entries);
    const byAdmin = await audit('?actor=admin1');
    expect(byAdmin.body.entries.map((e: any) => e.action)).toEqual(['policy.change']);
    const lane = await audit('?targetType=lane&targetId=KT-X1');
    expect(lane.body.entries).toHaveLength(3);
    expect((await audit('?gate=KB1')).body.entries).toEqual([]);
  });

  it('filters by time: nothing before the test began, nothing after now', async () => {
    const now = new Date(Date.now() + 1000).toISOString();
    expect((await audit(`?from=${startedAt}&to=${now}&action=lane.status`)).body.entries).toHaveLength(4);
    expect((await audit(`?to=${encodeURIComponent(startedAt)}`)).body.entries).toEqual([]);
    expect((await audit(`?from=${encodeURIComponent(now)}`)).body.entries).toEqual([]);
  });

  it('pages newest first with a cursor, without skipping or repeating an entry', async () => {
    const all = (await audit('?limit=500')).body.entries.map((e: any) => e.id);
    expect(all.length).toBeGreaterThanOrEqual(5);
    expect([...all].sort((a: string, b: string) => Number(b) - Number(a))).toEqual(all);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const r: any = await audit(`?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(r.body.entries.length).toBeLessThanOrEqual(2);
      seen.push(...r.body.entries.map((e: any) => e.id));
      cursor = r.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all);
  });

  it('rejects bad filters naming the field', async () => {
    const cases: Array<[string, string]> = [
      ['?action=DROP TABLE', 'action.0'],
      ['?from=0000-01-01T00:00:00Z', 'from'],
      ['?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z', 'from'],
      ['?limit=100000', 'limit'],
      ['?cursor=-1', 'cursor'],
      ['?actor=%00', 'actor'],
      ['?sort=asc', 'sort'],
    ];
    for (const [query, field] of cases) {
      const r = await audit(query);
      expect(r.status, query).toBe(400);
      expect(r.body.error.field, query).toBe(field);
    }
  });
});

describe('CSV export', () => {
  it('has a BOM, times at +07:00, and formula cells defused', async () => {
    const res = await fetch(`${t.url}/v1/audit.csv?action=lane.status&targetId=KT-X1`, { headers: { authorization: `Bearer ${manager}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('x-audit-truncated')).toBe('false');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).slice(1);
    const lines = text.split('\r\n');
    expect(lines[0]).toBe('id,at,action,actor,actor_role,actor_id,target_type,target_id,gate,reason,detail,ip');
    expect(lines).toHaveLength(5); // header, three entries, and the final empty line
    expect(lines[4]).toBe('');
    // The hostile reason is quoted and starts with an apostrophe: a spreadsheet shows it as text.
    expect(lines[1]).toContain(`"'=cmd()|"" /C calc""!A1"`);
    expect(lines.slice(1, 4).every((l) => /,\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+07:00,lane\.status,operator1,/.test(l))).toBe(true);
    expect(text).toContain('Hết giờ nghỉ');
    // No line begins with a formula character in any cell.
    for (const line of lines) expect(line).not.toMatch(/(^|,)[=+\-@]/);
  });

  it('records who exported which filter', async () => {
    const r = await audit('?action=audit.export');
    expect(r.body.entries).toHaveLength(1);
    expect(r.body.entries[0]).toMatchObject({ actorName: 'manager1', targetType: 'audit' });
    expect(r.body.entries[0].detail).toEqual({ filter: { action: ['lane.status'], targetId: 'KT-X1' }, rows: 3, truncated: false });
  });
});

describe('who may read it', () => {
  it('managers and admins may; operators, drivers and agencies get 403; anonymous 401', async () => {
    expect((await audit('', admin)).status).toBe(200);
    for (const user of ['operator1', 'driver1', 'customs1']) {
      const token = await t.token(user);
      expect((await audit('', token)).status, user).toBe(403);
      expect((await t.call('GET', '/v1/audit.csv', { token })).status, user).toBe(403);
    }
    expect((await t.call('GET', '/v1/audit')).status).toBe(401);
    expect((await t.call('GET', '/v1/audit.csv')).status).toBe(401);
  });
});
