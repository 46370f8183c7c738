/**
 * The audit page against a real HTTP server: it lists what the API answers, in the reader's
 * language; the filter reaches the API as its query; "show more" follows the cursor; the export
 * asks for the same filter and saves the server's CSV with a BOM.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import type { AuditEntry } from '@borderflow/contracts';
import { renderWithApp, fakeSession } from '../testing/render-app.tsx';
import { startHttpTestServer, type HttpTestServer } from '../testing/http-test-server.ts';
import AuditPage from './audit-page.tsx';
import { auditQuery, EMPTY_FILTER } from './audit-filter.ts';

const entry = (id: number, over: Partial<AuditEntry> = {}): AuditEntry => ({
  id: String(id), at: '2025-06-01T08:30:00.000+07:00', actorId: 'u1', actorName: 'operator1', actorRole: 'operator',
  action: 'lane.status', targetType: 'lane', targetId: 'KT-X1', gateCode: 'KT', reason: 'Ca nghỉ trưa',
  detail: { status: 'paused' }, ip: '127.0.0.1', ...over,
});

let server: HttpTestServer;
beforeEach(async () => {
  server = await startHttpTestServer({
    'GET /v1/audit': (r) =>
      r.query.get('cursor') === '2'
        ? { status: 200, body: { entries: [entry(1, { action: 'hold.release', actorName: 'customs1', actorRole: 'agency' })], nextCursor: null } }
        : { status: 200, body: { entries: [entry(3, { action: 'policy.change', actorName: 'admin1', actorRole: 'admin', reason: null }), entry(2)], nextCursor: '2' } },
    'GET /v1/audit.csv': () => ({ status: 200, body: 'id,at,action\r\n3,2025-06-01T08:30:00.000+07:00,policy.change\r\n' }),
  });
});
afterEach(() => server.close());

describe('AuditPage', () => {
  it('lists entries in Vietnamese, pages with the cursor, and sends the chosen filter', async () => {
    const { user } = renderWithApp(<AuditPage />, { session: fakeSession('manager'), baseUrl: server.url, path: '/manager/audit?from=2025-06-01&to=2025-06-01' });
    await waitFor(() => expect(screen.getAllByTestId('audit-row')).toHaveLength(2));
    const rows = () => screen.getAllByTestId('audit-row').map((r) => r.textContent);
    expect(rows()[0]).toContain('Đổi chính sách ưu tiên');
    expect(rows()[0]).toContain('admin1');
    expect(rows()[1]).toContain('Đổi trạng thái làn');
    expect(rows()[1]).toContain('Ca nghỉ trưa');
    const first = server.requests.find((r) => r.path === '/v1/audit')!;
    expect(first.headers.authorization).toBe('Bearer test-token');
    expect(first.query.get('from')).toBe('2025-05-31T17:00:00.000Z');
    expect(first.query.get('to')).toBe('2025-06-01T17:00:00.000Z');
    expect(first.query.has('action')).toBe(false);

    await user.click(screen.getByTestId('audit-more'));
    await waitFor(() => expect(screen.getAllByTestId('audit-row')).toHaveLength(3));
    expect(rows()[2]).toContain('Giải phóng xe bị giữ');
    expect(rows()[2]).toContain('customs1');
    expect(screen.queryByTestId('audit-more')).toBeNull();

    await user.click(screen.getByTestId('audit-action-hold.release'));
    await user.click(screen.getByTestId('audit-action-channel.lower'));
    await user.type(screen.getByTestId('audit-actor'), 'customs1');
    await user.click(screen.getByTestId('audit-apply'));
    await waitFor(() => expect(server.requests.some((r) => r.query.get('actor') === 'customs1')).toBe(true));
    const filtered = server.requests.find((r) => r.query.get('actor') === 'customs1')!;
    expect(filtered.query.get('action')).toBe('hold.release,channel.lower');
    expect(filtered.query.has('cursor')).toBe(false);
  });

  it('exports the same filter as a CSV file with a BOM', async () => {
    const original = URL.createObjectURL;
    let blob: Blob | null = null;
    URL.createObjectURL = (b: Blob | MediaSource) => {
      blob = b as Blob;
      return 'blob:test';
    };
    // jsdom does not navigate; keep the saved file's anchor from trying.
    const noNavigation = (e: MouseEvent) => {
      if ((e.target as HTMLElement).tagName === 'A') e.preventDefault();
    };
    document.addEventListener('click', noNavigation);
    try {
      const { user } = renderWithApp(<AuditPage />, { session: fakeSession('admin'), baseUrl: server.url, path: '/manager/audit?from=2025-06-01&to=2025-06-02', locale: 'en' });
      await waitFor(() => expect(screen.getAllByTestId('audit-row')).toHaveLength(2));
      await user.click(screen.getByTestId('audit-export'));
      await waitFor(() => expect(blob).not.toBeNull());
      const bytes = new Uint8Array(await blob!.arrayBuffer());
      expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      expect(new TextDecoder().decode(bytes.slice(3))).toContain('3,2025-06-01T08:30:00.000+07:00,policy.change');
      const csv = server.requests.find((r) => r.path === '/v1/audit.csv')!;
      expect(csv.query.get('from')).toBe('2025-05-31T17:00:00.000Z');
      expect(csv.query.has('limit')).toBe(false);
    } finally {
      URL.createObjectURL = original;
      document.removeEventListener('click', noNavigation);
    }
  });
});

describe('auditQuery', () => {
  it('leaves out empty fields, joins actions, trims text and turns gate days into instants', () => {
    const q = auditQuery({ ...EMPTY_FILTER, actions: ['hold.place', 'hold.release'], actor: '  admin1 ', targetId: ' ' }, { from: '2025-06-01', to: '2025-06-01' }, Date.parse('2025-07-01T00:00:00Z'));
    expect(q).toEqual({
      action: 'hold.place,hold.release', actor: 'admin1', targetType: undefined, targetId: undefined,
      from: '2025-05-31T17:00:00.000Z', to: '2025-06-01T17:00:00.000Z',
    });
  });
});
