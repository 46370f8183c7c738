import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import { renderWithApp } from '../../testing/render-app.tsx';
import { OfflinePanel } from './offline-panel.tsx';
import type { PendingAction } from './offline-queue.ts';

const AT = Date.parse('2026-12-06T01:05:00Z'); // 08:05 at the gate
const base = { gate: 'KT', laneId: 'KT-N2', tripId: null, at: AT, seen: { status: 'open', occupancy: 'idle', plate: null } } as const;
const pause: PendingAction = {
  ...base,
  commandId: 'c1',
  action: 'pause',
  input: { commandId: 'c1', reason: 'Nghỉ trưa' },
  conflict: { kind: 'refused', at: AT + 60_000, status: 409, code: 'LANE_WRONG_STATE', message: '车道 KT-N2 已暂停' },
};
const maintenance: PendingAction = { ...base, commandId: 'c2', action: 'maintenance', input: { commandId: 'c2', reason: 'x' }, conflict: { kind: 'blocked', at: AT, after: 'c1' } };
const old: PendingAction = { ...base, laneId: 'KT-N3', commandId: 'c3', action: 'close', input: { commandId: 'c3', reason: 'y' }, conflict: { kind: 'too_old', at: AT } };
const waiting: PendingAction = { ...base, laneId: 'KT-X1', tripId: 't1', commandId: 'c4', action: 'start', input: { commandId: 'c4' }, seen: { status: 'open', occupancy: 'called', plate: '29C08895' } };

describe('OfflinePanel', () => {
  it('shows nothing while online with nothing recorded', () => {
    renderWithApp(<OfflinePanel offline={false} items={[]} onDiscard={() => undefined} />);
    expect(screen.queryByTestId('offline-panel')).toBeNull();
  });

  it('reports, in the operator\'s language, what was done, when, on what lane state, and what the server said; discard per item', async () => {
    const discarded: string[] = [];
    const { user } = renderWithApp(<OfflinePanel offline items={[pause, maintenance, old, waiting]} onDiscard={(id) => discarded.push(id)} />, { locale: 'zh' });
    expect(screen.getByTestId('offline-banner').textContent).toBe('无法连接服务器：操作已记录在本机，恢复连接后自动发送');
    expect(screen.getByTestId('offline-pending-count').textContent).toBe('1 项操作尚未发送');
    expect(screen.getByTestId('offline-pending-item').textContent).toContain('29C-088.95');
    const items = screen.getAllByTestId('offline-conflict');
    expect(items.map((i) => i.dataset.kind)).toEqual(['refused', 'blocked', 'too_old']);
    expect(items[0]!.textContent).toContain('Nghỉ trưa');
    expect(items[0]!.textContent).toContain('操作时间 08:05');
    expect(screen.getAllByTestId('offline-conflict-reason').map((r) => r.textContent)).toEqual([
      '服务器答复: 车道状态不符 — 车道 KT-N2 已暂停',
      expect.stringMatching(/^未发送：之前的操作（KT-N2 .+）未被执行$/),
      '时间过久，不再自动重发（超过 2 小时）：请检查车道，必要时重新操作',
    ]);
    await user.click(screen.getAllByTestId('offline-discard')[1]!);
    expect(discarded).toEqual(['c2']);
  });

  it('words a code it has no words for, and a state it does not know, instead of showing them raw', () => {
    const odd: PendingAction = { ...pause, seen: { status: 'flooded', occupancy: 'at_lane', plate: null } as unknown as PendingAction['seen'], conflict: { kind: 'refused', at: AT, status: 409, code: 'lane_paused', message: 'LANE_PAUSED' } };
    renderWithApp(<OfflinePanel offline={false} items={[odd]} onDiscard={() => undefined} />, { locale: 'vi' });
    const text = screen.getByTestId('offline-conflict').textContent ?? '';
    expect(screen.getByTestId('offline-conflict-reason').textContent).toBe('Máy chủ trả lời: Máy chủ không thực hiện thao tác này');
    expect(text).not.toMatch(/lane_paused|LANE_PAUSED|flooded|at_lane/);
  });
});
