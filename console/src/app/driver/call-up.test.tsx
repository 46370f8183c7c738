import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, screen } from '@testing-library/react';
import type { Trip, TripPlacement } from '@borderflow/contracts';
import type { TripLive } from '../live/projectors.ts';
import { AppProviders, renderWithApp } from '../testing/render-app.tsx';
import { CallUpBanner } from './call-up-banner.tsx';
import { driverStatus } from './trip-status.ts';

const NOW = Date.parse('2025-06-01T01:00:00Z');

const TRIP: Trip = {
  id: 't1', gateCode: 'KT', direction: 'exit', state: 'registered', priorityClass: 'ordinary',
  priority: { class: 'ordinary', source: 'default', claimed: false, perishable: 'none' },
  vehicle: { plate: '24C12345', trailerPlate: null }, driver: { fullName: 'An', phone: '+84912345678', licenseNo: null },
  cargo: [], containers: [], declarations: [], expectedArrival: '2025-06-01T01:30:00.000Z', appointmentAt: null, channel: null,
  stages: ['documents', 'gate'], stageIndex: 0, laneId: null, createdAt: '', updatedAt: '', revisions: 0, live: null,
};

function placement(over: Partial<TripPlacement>): TripPlacement {
  return {
    id: 't1', state: 'queued', stages: ['documents', 'gate'], stageIndex: 0, stage: 'documents', priorityClass: 'ordinary',
    direction: 'exit', score: NOW, laneId: null, noShows: 0, deadline: null, plate: '24C12345', hold: false, queuedAt: NOW, ...over,
  };
}

function live(over: Partial<TripLive>): TripLive {
  return { gate: 'KT', seq: 1, tripId: 't1', state: 'queued', trip: null, position: null, eta: null, lane: null, lastEvent: null, ...over };
}

describe('driverStatus', () => {
  it('follows the live placement: queued with position and ETA, then called to a lane', () => {
    const queued = driverStatus(TRIP, live({ trip: placement({}), position: 5, eta: { expectedMs: 600_000, lowMs: 300_000, highMs: 900_000 } }));
    expect(queued).toMatchObject({ state: 'queued', stage: 'documents', stageNumber: 1, stageCount: 2, position: 5, callUp: null });
    expect(driverStatus(TRIP, live({ trip: placement({}), position: 2 })).callUp).toBe('ready');
    const called = driverStatus(TRIP, live({
      trip: placement({ state: 'called', laneId: 'KT-X1', deadline: NOW + 600_000 }),
      lane: { id: 'KT-X1', name: 'Làn xuất X1', direction: 'exit', capabilities: ['documents'], classes: [], status: 'open', occupancy: 'called', trip: null, since: null, expectedServiceMs: null },
    }));
    expect(called).toMatchObject({ state: 'called', laneId: 'KT-X1', laneName: 'Làn xuất X1', callUp: 'go', position: null, deadline: NOW + 600_000 });
  });

  it('uses the REST view while the trip is not live', () => {
    expect(driverStatus(TRIP, live({}))).toMatchObject({ state: 'registered', callUp: null, laneId: null });
  });

  it('reads the REST deadline (RFC 3339, the gate\'s offset) as the same instant the live placement gives', () => {
    const called: Trip = { ...TRIP, state: 'called', laneId: 'KT-X1', live: { position: null, eta: null, laneId: 'KT-X1', deadline: '2025-06-01T08:10:00.000+07:00' } };
    expect(driverStatus(called, null)).toMatchObject({ callUp: 'go', laneId: 'KT-X1', deadline: NOW + 600_000 });
  });
});

describe('CallUpBanner', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('says "go to lane N now" with the lane, vibrates once, and flashes the title while the page is hidden', async () => {
    vi.useFakeTimers();
    const vibrate = vi.fn(() => true);
    Object.defineProperty(navigator, 'vibrate', { value: vibrate, configurable: true });
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    document.title = 'BorderFlow';
    const status = driverStatus(TRIP, live({ trip: placement({ state: 'called', laneId: 'KT-X2', deadline: NOW + 570_000 }) }));
    const { rerender } = renderWithApp(<CallUpBanner status={status} now={NOW} />, { locale: 'en' });
    const banner = screen.getByTestId('call-up-banner');
    expect(banner.textContent).toContain('Go to lane KT-X2 now!');
    expect(banner.textContent).toContain('Reach the lane within 9:30');
    expect(banner.getAttribute('data-mode')).toBe('go');
    expect(vibrate).toHaveBeenCalledTimes(1);
    await act(async () => {
      vi.advanceTimersByTime(1000);
    });
    expect(document.title).toBe('🔔 Go to lane KT-X2 now!');
    await act(async () => {
      vi.advanceTimersByTime(1000);
    });
    expect(document.title).toBe('BorderFlow');
    // A re-render of the same call-up does not vibrate again.
    rerender(<AppProviders options={{ locale: 'en' }}><CallUpBanner status={{ ...status }} now={NOW + 1000} /></AppProviders>);
    expect(vibrate).toHaveBeenCalledTimes(1);
    Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true });
  });

  it("names a lane's Vietnamese sign in a Vietnamese sentence only; elsewhere beside it, marked as Vietnamese", () => {
    const status = driverStatus(TRIP, live({
      trip: placement({ state: 'called', laneId: 'KT-X1', deadline: NOW + 600_000 }),
      lane: { id: 'KT-X1', name: 'Làn xuất X1', direction: 'exit', capabilities: ['documents'], classes: [], status: 'open', occupancy: 'called', trip: null, since: null, expectedServiceMs: null },
    }));
    const zh = renderWithApp(<CallUpBanner status={status} now={NOW} />, { locale: 'zh' });
    const banner = screen.getByTestId('call-up-banner');
    expect(banner.querySelector('.call-up-text')?.textContent).toBe('请立即前往 KT-X1 车道！');
    const sign = screen.getByTestId('lane-sign');
    expect([sign.textContent, sign.getAttribute('lang'), sign.getAttribute('translate')]).toEqual(['Làn xuất X1', 'vi', 'no']);
    zh.unmount();
    renderWithApp(<CallUpBanner status={status} now={NOW} />, { locale: 'vi' });
    expect(screen.getByTestId('call-up-banner').querySelector('.call-up-text')?.textContent).toBe('Vào làn KT-X1 (Làn xuất X1) ngay!');
    expect(screen.queryByTestId('lane-sign')).toBeNull();
  });

  it('tells a driver near the front to get ready, in Vietnamese', () => {
    renderWithApp(<CallUpBanner status={driverStatus(TRIP, live({ trip: placement({}), position: 1 }))} now={NOW} />);
    expect(screen.getByTestId('get-ready-banner').textContent).toContain('Chuẩn bị: bạn đứng thứ 1 trong hàng');
    expect(screen.queryByTestId('call-up-banner')).toBeNull();
  });

  it('shows nothing while the truck waits further back', () => {
    renderWithApp(<CallUpBanner status={driverStatus(TRIP, live({ trip: placement({}), position: 9 }))} now={NOW} />);
    expect(screen.queryByTestId('call-up-banner')).toBeNull();
    expect(screen.queryByTestId('get-ready-banner')).toBeNull();
  });
});
