import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import type { Trip } from '@borderflow/contracts';
import { CheckInPage } from './check-in-page.tsx';
import { renderWithApp } from '../../testing/render-app.tsx';
import { errorBody, startHttpTestServer, type HttpTestServer } from '../../testing/http-test-server.ts';

function trip(id: string, plate: string): Trip {
  return {
    id, gateCode: 'KT', direction: 'exit', state: 'registered', priorityClass: 'ordinary',
    vehicle: { plate, trailerPlate: null }, driver: { fullName: 'Nguyễn Văn An', phone: '+84912345678', licenseNo: null },
    cargo: [], containers: [], declarations: [], expectedArrival: '2025-06-01T08:30:00+07:00', appointmentAt: null, channel: null,
    stages: [], stageIndex: 0, laneId: null, createdAt: '2025-06-01T00:00:00Z', updatedAt: '2025-06-01T00:00:00Z', revisions: 0, live: null,
  };
}

let server: HttpTestServer;
beforeAll(async () => {
  server = await startHttpTestServer({
    'GET /v1/trips': () => ({ status: 200, body: { trips: [trip('t1', '24C12345'), trip('t2', '29C54321')] } }),
    'POST /v1/gates/KT/check-ins': (r) => {
      const body = r.body as { plate?: string; qrToken?: string };
      if (body.qrToken) return { status: 404, body: errorBody('NOT_FOUND', 'No trip has this QR pass', 'qrToken') };
      const found = body.plate === '24C12345' ? trip('t1', '24C12345') : null;
      if (!found) return { status: 404, body: errorBody('NOT_FOUND', `No registered trip for plate ${body.plate}`, 'plate') };
      return {
        status: 200,
        body: { replayed: false, trip: { ...found, state: 'queued', stages: ['documents', 'gate'], live: { position: 3, eta: { expectedMs: 9 * 60_000, lowMs: 0, highMs: 0 }, laneId: null, deadline: null } } },
      };
    },
  });
});
afterAll(() => server.close());

describe('CheckInPage', () => {
  it('suggests the expected truck for a misread plate and checks it in with one key', async () => {
    const { user } = renderWithApp(<CheckInPage />, { role: 'operator', baseUrl: server.url, locale: 'en', withNotices: true });
    await waitFor(() => expect(screen.getByTestId('expected-trucks').textContent).toContain('24C-123.45'));
    await user.type(screen.getByTestId('check-in-input'), '24C-I23.4S{Enter}');
    const suggestions = await screen.findByTestId('plate-suggestions');
    expect(within(suggestions).getAllByRole('listitem')[0]!.textContent).toContain('24C-123.45');
    expect(suggestions.textContent).toContain('misread characters');
    // Focus moved to the first suggestion: Enter takes it, or a digit picks one.
    expect(document.activeElement?.textContent).toContain('24C-123.45');
    await user.keyboard('1');
    await waitFor(() => expect(screen.getByTestId('recent-check-ins').textContent).toContain('24C-123.45'));
    expect(screen.getByTestId('recent-check-ins').textContent).toContain('No. 3 · about 9 mins');
    expect(screen.getByTestId('notice-success').textContent).toContain('24C-123.45 checked in');
    expect(server.requests.at(-1)?.body).toMatchObject({ plate: '24C12345' });
  });

  it('sends a pasted QR pass as a token and shows the server’s refusal', async () => {
    const { user } = renderWithApp(<CheckInPage />, { role: 'operator', baseUrl: server.url, locale: 'en' });
    await user.click(screen.getByTestId('check-in-input'));
    await user.paste('q9XJ0c1Xb3Zb1l2mR8sT4uV6wY7zA0bC');
    expect(screen.getByText('Trip QR pass')).toBeTruthy();
    await user.keyboard('{Enter}');
    await waitFor(() => expect(screen.getByTestId('check-in-error').textContent).toBe('Not found: No trip has this QR pass (qrToken)'));
    expect(server.requests.at(-1)?.body).toMatchObject({ qrToken: 'q9XJ0c1Xb3Zb1l2mR8sT4uV6wY7zA0bC' });
  });

  it('sends a well-formed plate nobody expects to the server, which has the last word', async () => {
    const { user } = renderWithApp(<CheckInPage />, { role: 'operator', baseUrl: server.url, locale: 'en' });
    await user.type(screen.getByTestId('check-in-input'), '51D-999.99{Enter}');
    await waitFor(() => expect(screen.getByTestId('check-in-error').textContent).toBe('Not found: No registered trip for plate 51D99999 (plate)'));
  });
});
