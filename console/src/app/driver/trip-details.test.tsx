import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import type { Trip, TripPriority } from '@borderflow/contracts';
import { TripDetails } from './trip-details.tsx';
import { renderWithApp } from '../testing/render-app.tsx';

function trip(priority: TripPriority): Trip {
  return {
    id: 't1', gateCode: 'KT', direction: 'exit', state: 'registered', priorityClass: priority.class, priority,
    vehicle: { plate: '24C12345', trailerPlate: null }, driver: { fullName: 'Nguyễn Văn An', phone: '+84912345678', licenseNo: null },
    cargo: [{ description: 'Gạch men', hsCode: '6907.21.10', packages: 10, grossKg: 9000, perishable: true, plantOrAnimal: false }],
    containers: [], declarations: [], expectedArrival: '2025-06-01T08:30:00+07:00', appointmentAt: null, channel: null,
    stages: [], stageIndex: 0, laneId: null, createdAt: '2025-06-01T00:00:00Z', updatedAt: '2025-06-01T00:00:00Z', revisions: 0, live: null,
  };
}

const claimed: TripPriority = { class: 'ordinary', source: 'default', claimed: true, perishable: 'claimed-unconfirmed' };

describe('TripDetails priority', () => {
  it.each([
    ['en', 'Ordinary · claimed, unconfirmed'],
    ['vi', 'Thường · tài xế khai, chưa xác nhận'],
    ['zh', '普通 · 司机申报，未确认'],
  ] as const)('shows a bare perishable claim as claimed, unconfirmed (%s)', (locale, text) => {
    renderWithApp(<TripDetails trip={trip(claimed)} />, { locale });
    expect(screen.getByTestId('priority-label').textContent).toBe(text);
  });

  it('shows the class the platform derived, confirmed, without a claim note', () => {
    renderWithApp(<TripDetails trip={trip({ class: 'perishable', source: 'hs-list+quarantine', claimed: true, perishable: 'confirmed' })} />, { locale: 'en' });
    expect(screen.getByTestId('priority-label').textContent).toBe('Perishable · perishable cargo confirmed');
  });

  it('shows only the class when nothing perishable is known', () => {
    renderWithApp(<TripDetails trip={trip({ class: 'trusted', source: 'trusted-trader', claimed: false, perishable: 'none' })} />, { locale: 'en' });
    expect(screen.getByTestId('priority-label').textContent).toBe('Trusted trader');
  });
});
