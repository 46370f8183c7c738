import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import type { Trip } from '@borderflow/contracts';
import { CheckInPage } from './check-in-page.tsx';
import { renderWithApp } from '../../testing/render-app.tsx';
import { errorBody, startHttpTestServer, type HttpTestServer } from '../../testing/http-test-server.ts';

function trip(id: string, plate: string): Trip {
  return {
    id, gateCode: 'KT', direction: 'exit', state: 'registered', priorityClass: 'ordinary',
    priority: { class: 'ordinary', source: 'default', claimed: false, perishable: 'none' },
    vehicle: { plate, trailerPlate: null }, driver: { fullName: 'Nguyễn Văn An', phone: '+84912345678', licenseNo: null },
    cargo: [], containers: [], declarations: [], expectedArrival: '2025-06-01T08:30:00+07:00', appointmentAt: null, channel: null,
    stages: [], stageIndex: 0, laneId: null, createdAt: '2025-06-01T00:00:00Z', updatedAt: '2025-06-01T00:00:00Z', revisions: 0, live: null,
  };
}

/** A truck of dragon fruit (HS 0810: perishable heading) that nobody has confirmed yet; the driver ticked it. */
function fruitTrip(): Trip {
  return {
    ...trip('t3', '24C67890'),
    priority: { class: 'ordinary', source: 'default', claimed: true, perishable: 'hs-listed-unconfirmed' },
    cargo: [{ description: 'Thanh long', hsCode: '0810.90.10', packages: 1200, grossKg: 18000, perishable: true, plantOrAnimal: true }],
  };
}

let server: HttpTestServer;
beforeAll(async () => {
  server = await startHttpTestServer({
    'GET /v1/trips': () => ({ status: 200, body: { trips: [trip('t1', '24C12345'), trip('t2', '29C54321'), fruitTrip()] } }),
    'POST /v1/gates/KT/check-ins': (r) => {
      const body = r.body as { plate?: string; qrToken?: string; confirmPerishable?: boolean };
      if (body.plate === '24C67890') {
        const confirmed = body.confirmPerishable === true;
        const priority = confirmed
          ? { class: 'perishable', source: 'hs-list+operator', claimed: true, perishable: 'confirmed' }
          : { class: 'ordinary', source: 'default', claimed: true, perishable: 'hs-listed-unconfirmed' };
        return { status: 200, body: { replayed: false, trip: { ...fruitTrip(), state: 'queued', priorityClass: priority.class, priority } } };
      }
      if (body.plate === '29C54321') {
        // No slot at a gate with a capacity plan: a walk-in, the lowest class.
        const priority = { class: 'walk_in', source: 'walk-in', claimed: false, perishable: 'none' };
        return { status: 200, body: { replayed: false, trip: { ...trip('t2', '29C54321'), state: 'queued', priorityClass: 'walk_in', priority } } };
      }
      if (body.plate === '51D88888') return { status: 409, body: errorBody('CONFLICT', 'No walk-in places left this hour; book a slot', 'slot') };
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


/** The last check-in the page sent (the page also polls other routes, which may come after it). */
function lastCheckIn() {
  return server.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/check-ins')).at(-1);
}

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
    expect(lastCheckIn()?.body).toMatchObject({ plate: '24C12345' });
  });

  it('sends a pasted QR pass as a token and shows the server’s refusal', async () => {
    const { user } = renderWithApp(<CheckInPage />, { role: 'operator', baseUrl: server.url, locale: 'en' });
    await user.click(screen.getByTestId('check-in-input'));
    await user.paste('q9XJ0c1Xb3Zb1l2mR8sT4uV6wY7zA0bC');
    expect(screen.getByText('Trip QR pass')).toBeTruthy();
    await user.keyboard('{Enter}');
    await waitFor(() => expect(screen.getByTestId('check-in-error').textContent).toBe('Not found: No trip has this QR pass'));
    expect(lastCheckIn()?.body).toMatchObject({ qrToken: 'q9XJ0c1Xb3Zb1l2mR8sT4uV6wY7zA0bC' });
  });

  it('sends a well-formed plate nobody expects to the server, which has the last word', async () => {
    const { user } = renderWithApp(<CheckInPage />, { role: 'operator', baseUrl: server.url, locale: 'en' });
    await user.type(screen.getByTestId('check-in-input'), '51D-999.99{Enter}');
    await waitFor(() => expect(screen.getByTestId('check-in-error').textContent).toBe('Not found: No registered trip for plate 51D99999'));
  });

  it('offers the perishable confirmation only for a truck with cargo under a perishable heading, and sends it when ticked', async () => {
    const { user } = renderWithApp(<CheckInPage />, { role: 'operator', baseUrl: server.url, locale: 'en' });
    await waitFor(() => expect(screen.getByTestId('expected-trucks').textContent).toContain('24C-678.90'));
    // The unconfirmed heading is visible in the expected list before anyone ticks anything.
    expect(screen.getByTestId('expected-trucks').textContent).toContain('perishable HS heading, unconfirmed');
    // A truck of ordinary cargo: no box to tick.
    await user.type(screen.getByTestId('check-in-input'), '24C-123.45');
    expect(screen.queryByTestId('perishable-confirm')).toBeNull();
    await user.clear(screen.getByTestId('check-in-input'));
    await user.type(screen.getByTestId('check-in-input'), '24C-678.90');
    const box = within(screen.getByTestId('perishable-confirm')).getByRole('checkbox', { name: /I have seen the perishable cargo/ });
    expect((box as HTMLInputElement).checked).toBe(false);
    await user.click(box);
    await user.click(screen.getByTestId('check-in-submit'));
    await waitFor(() => expect(screen.getByTestId('recent-check-ins').textContent).toContain('24C-678.90'));
    expect(lastCheckIn()?.body).toMatchObject({ plate: '24C67890', confirmPerishable: true });
    expect(screen.getByTestId('recent-check-ins').textContent).toContain('Perishable · perishable cargo confirmed');
  });

  it('does not send confirmPerishable unless the operator ticked it', async () => {
    const { user } = renderWithApp(<CheckInPage />, { role: 'operator', baseUrl: server.url, locale: 'vi' });
    await waitFor(() => expect(screen.getByTestId('expected-trucks').textContent).toContain('24C-678.90'));
    await user.type(screen.getByTestId('check-in-input'), '24C-678.90');
    expect(screen.getByTestId('perishable-confirm').textContent).toContain('Đã kiểm tra hàng tươi sống');
    await user.keyboard('{Enter}');
    await waitFor(() => expect(screen.getByTestId('recent-check-ins').textContent).toContain('24C-678.90'));
    expect(lastCheckIn()?.body).not.toHaveProperty('confirmPerishable');
    expect(screen.getByTestId('recent-check-ins').textContent).toContain('mã HS hàng tươi sống, chưa xác nhận');
  });

  it('says a truck without a slot checked in as a walk-in, shows its class, and shows the refusal when the share is used up', async () => {
    const { user } = renderWithApp(<CheckInPage />, { role: 'operator', baseUrl: server.url, locale: 'en', withNotices: true });
    await user.type(screen.getByTestId('check-in-input'), '29C-543.21{Enter}');
    await waitFor(() => expect(screen.getByTestId('recent-check-ins').textContent).toContain('29C-543.21'));
    expect(screen.getByTestId('notice-success').textContent).toContain('walk-in (no slot): lowest priority');
    expect(within(screen.getByTestId('recent-check-ins')).getByTestId('priority-label').textContent).toBe('Walk-in');
    await user.type(screen.getByTestId('check-in-input'), '51D-888.88{Enter}');
    await waitFor(() => expect(screen.getByTestId('check-in-error').textContent).toBe('Conflict: No walk-in places left this hour; book a slot'));
  });
});
