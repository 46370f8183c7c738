import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import type { LaneViewMessage, Trip, TripPlacement } from '@borderflow/contracts';
import { LaneCard, fixedNextTrucks } from './lane-card.tsx';
import type { LaneAction } from './lane-actions.ts';
import { renderWithApp } from '../../testing/render-app.tsx';

const placement: TripPlacement = {
  id: 'trip-1', state: 'inspecting', stages: ['documents', 'gate'], stageIndex: 0, stage: 'documents', priorityClass: 'perishable',
  direction: 'exit', score: 0, laneId: 'KT-P1', noShows: 0, deadline: null, plate: '24C12345', hold: false, queuedAt: null,
};
const lane: LaneViewMessage = {
  id: 'KT-P1', name: 'Làn nông sản P1', direction: 'exit', capabilities: ['documents', 'quarantine'], classes: ['perishable'],
  status: 'open', occupancy: 'inspecting', trip: placement, since: Date.now() - 6 * 60_000, expectedServiceMs: 4 * 60_000,
};
const trip = {
  id: 'trip-1', vehicle: { plate: '24C12345', trailerPlate: '24R01234' },
  cargo: [{ description: 'Thanh long', hsCode: '08109010', packages: 1200, grossKg: 18000, perishable: true, plantOrAnimal: true }],
} as Trip;
const next = [{ trip: { ...placement, id: 'trip-2', plate: '29C54321', state: 'queued' as const, priorityClass: 'perishable' as const }, stage: 'quarantine' as const, since: Date.now() - 90_000, etaAt: null, reason: null }];

function render(locale: 'vi' | 'en' | 'zh', canAct = true) {
  const actions: LaneAction[] = [];
  const view = renderWithApp(
    <LaneCard lane={lane} nextTrucks={fixedNextTrucks(next)} details={{ status: 'loaded', trip }} canAct={canAct} onAction={(_l, a) => actions.push(a)} />,
    { locale, role: 'operator' },
  );
  return { ...view, actions };
}

describe('LaneCard', () => {
  it('shows the truck, its trailer and cargo, the stage, and the time in lane against the expected time', () => {
    render('en');
    const card = screen.getByTestId('lane-KT-P1');
    expect(within(card).getByTestId('lane-plate').textContent).toBe('24C-123.45');
    expect(card.textContent).toContain('24R-012.34');
    expect(card.textContent).toContain('Thanh long · 18,000 kg');
    expect(card.textContent).toContain('Documents');
    expect(card.textContent).toContain('Perishable only');
    const timer = within(card).getByTestId('lane-timer');
    expect(timer.textContent).toMatch(/In lane 6:0\d \/ expected 4 mins · overdue/);
    expect(within(card).getByTestId('lane-next').textContent).toContain('29C-543.21');
    expect(within(card).getByTestId('lane-next').textContent).toContain('Quarantine · waited 2 mins');
  });

  it('shows a called truck as called, never "in lane", overdue only past its call-up deadline', () => {
    const called = (deadline: number): LaneViewMessage => ({
      ...lane, occupancy: 'called', since: Date.now() - 3 * 60_000,
      trip: { ...placement, state: 'called', deadline },
    });
    const { unmount } = renderWithApp(
      <LaneCard lane={called(Date.now() + 60_000)} nextTrucks={fixedNextTrucks([])} details={{ status: 'loaded', trip }} canAct onAction={() => undefined} />,
      { locale: 'en', role: 'operator' },
    );
    const timer = () => within(screen.getByTestId('lane-KT-P1')).getByTestId('lane-timer').textContent;
    expect(timer()).toMatch(/^Truck called 3:0\d$/);
    unmount();
    renderWithApp(
      <LaneCard lane={called(Date.now() - 1000)} nextTrucks={fixedNextTrucks([])} details={{ status: 'loaded', trip }} canAct onAction={() => undefined} />,
      { locale: 'en', role: 'operator' },
    );
    expect(timer()).toMatch(/^Truck called 3:0\d · overdue$/);
  });

  it('shows why a lane is paused, and nothing once it is open', () => {
    const { unmount } = renderWithApp(
      <LaneCard lane={{ ...lane, status: 'paused', statusReason: 'Nghỉ trưa' }} nextTrucks={fixedNextTrucks([])} details={undefined} canAct onAction={() => undefined} />,
      { locale: 'en', role: 'operator' },
    );
    expect(screen.getByTestId('lane-reason').textContent).toBe('Reason: Nghỉ trưa');
    unmount();
    renderWithApp(
      <LaneCard lane={{ ...lane, status: 'open', statusReason: null }} nextTrucks={fixedNextTrucks([])} details={undefined} canAct onAction={() => undefined} />,
      { locale: 'en', role: 'operator' },
    );
    expect(screen.queryByTestId('lane-reason')).toBeNull();
  });

  it('offers the lane’s actions with their keys, and none to a watcher', async () => {
    const { user, actions, unmount } = render('vi');
    const buttons = within(screen.getByTestId('lane-KT-P1')).getAllByRole('button');
    expect(buttons.map((b) => b.textContent)).toEqual(['Kết thúc kiểm tra C', 'Tạm dừng P', 'Đóng làn X', 'Bảo trì M']);
    await user.click(screen.getByTestId('action-complete'));
    expect(actions).toEqual(['complete']);
    unmount();
    render('vi', false);
    expect(within(screen.getByTestId('lane-KT-P1')).queryAllByRole('button')).toEqual([]);
  });

  it('speaks Chinese', () => {
    render('zh');
    const card = screen.getByTestId('lane-KT-P1');
    expect(within(card).getByTestId('lane-occupancy').textContent).toBe('查验中');
    expect(within(card).getByTestId('lane-status').textContent).toBe('开放');
    expect(card.textContent).toContain('仅限生鲜');
  });
});
