import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@testing-library/react';
import type { Trip } from '@borderflow/contracts';
import { useTripDetails } from './use-trip-details.ts';
import { renderWithApp } from '../../testing/render-app.tsx';
import { startHttpTestServer, type HttpTestServer } from '../../testing/http-test-server.ts';

const trip: Trip = {
  id: 't1', gateCode: 'KT', direction: 'exit', state: 'called', priorityClass: 'ordinary',
  priority: { class: 'ordinary', source: 'default', claimed: false, perishable: 'none' },
  vehicle: { plate: '24C12345', trailerPlate: null }, driver: { fullName: 'Nguyễn Văn An', phone: '+84912345678', licenseNo: null },
  cargo: [], containers: [], declarations: [], expectedArrival: '2025-06-01T08:30:00+07:00', appointmentAt: null, channel: null,
  stages: [], stageIndex: 0, laneId: 'KT-X1', createdAt: '2025-06-01T00:00:00Z', updatedAt: '2025-06-01T00:00:00Z', revisions: 0, live: null,
};

function Details() {
  const details = useTripDetails(['t1']).get('t1');
  return <p data-testid="details">{details?.status === 'loaded' ? details.trip.driver.fullName : (details?.status ?? 'none')}</p>;
}

let server: HttpTestServer;
let down = true;
beforeAll(async () => {
  server = await startHttpTestServer({
    // The server is unreachable behind a proxy at first (503), then back.
    'GET /v1/trips/t1': () => (down ? { status: 503, body: { error: { code: 'UNAVAILABLE', message: 'down', field: null } } } : { status: 200, body: trip }),
  });
});
afterAll(() => server.close());

describe('the lane cards’ truck details', () => {
  it('are asked again after a failed read, without waiting for the lanes to change', { timeout: 30_000 }, async () => {
    const { getByTestId } = renderWithApp(<Details />, { role: 'operator', baseUrl: server.url, locale: 'en' });
    await waitFor(() => expect(getByTestId('details').textContent).toBe('failed'));
    down = false;
    await waitFor(() => expect(getByTestId('details').textContent).toBe('Nguyễn Văn An'), { timeout: 20_000 });
  });
});
