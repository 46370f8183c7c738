import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import type { Trip, TripPriority } from '@borderflow/contracts';
import { useTripPriorities } from './use-trip-priorities.ts';
import { PriorityLabel } from '../../shared/priority-label.tsx';
import { renderWithApp } from '../../testing/render-app.tsx';
import { startHttpTestServer, type HttpTestServer } from '../../testing/http-test-server.ts';

function trip(id: string, priority: TripPriority): Trip {
  return {
    id, gateCode: 'KT', direction: 'exit', state: 'queued', priorityClass: priority.class, priority,
    vehicle: { plate: '24C12345', trailerPlate: null }, driver: { fullName: 'Nguyễn Văn An', phone: '+84912345678', licenseNo: null },
    cargo: [], containers: [], declarations: [], expectedArrival: '2025-06-01T08:30:00+07:00', appointmentAt: null, channel: null,
    stages: [], stageIndex: 0, laneId: null, createdAt: '2025-06-01T00:00:00Z', updatedAt: '2025-06-01T00:00:00Z', revisions: 0, live: null,
  };
}

/** A queue's class cells as the queue page draws them: the live class, the note from the trip list. */
function QueueClassCells({ ids }: { ids: string[] }) {
  const priorities = useTripPriorities('KT');
  return (
    <ul>
      {ids.map((id) => (
        <li key={id} data-trip={id}>
          <PriorityLabel priorityClass="ordinary" perishable={priorities.get(id)?.perishable ?? 'none'} />
        </li>
      ))}
    </ul>
  );
}

let server: HttpTestServer;
beforeAll(async () => {
  server = await startHttpTestServer({
    'GET /v1/trips': () => ({
      status: 200,
      body: {
        trips: [
          trip('t1', { class: 'ordinary', source: 'default', claimed: true, perishable: 'claimed-unconfirmed' }),
          trip('t2', { class: 'ordinary', source: 'default', claimed: false, perishable: 'none' }),
        ],
      },
    }),
  });
});
afterAll(() => server.close());

describe('the queue view’s priority notes', () => {
  it('marks a bare driver claim as claimed, unconfirmed, and nothing on a trip without one', async () => {
    const { container } = renderWithApp(<QueueClassCells ids={['t1', 't2']} />, { role: 'operator', baseUrl: server.url, locale: 'en' });
    await waitFor(() => expect(container.querySelector('[data-trip="t1"]')?.textContent).toBe('Ordinary · claimed, unconfirmed'));
    expect(container.querySelector('[data-trip="t2"]')?.textContent).toBe('Ordinary');
    const asked = server.requests.find((r) => r.path === '/v1/trips')!;
    expect(asked.query.get('gate')).toBe('KT');
    expect(asked.query.get('state')).toBe('queued');
    expect(screen.getAllByTestId('priority-label')).toHaveLength(2);
  });
});
