/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies in tests are arbitrary JSON */
/**
 * The yard's LED board (issue 12, item 6) against the real server: a manager issues a display
 * token (shown once), a TV reads plate → lane over HTTP and live on `/display`, the token opens
 * nothing else, no user token opens the board, and a revoked token is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import { DISPLAY_EVENTS, DISPLAY_NAMESPACE, type CallUpBoard } from '@borderflow/contracts';
import { startTestApi, type TestApi } from '../testing/test-api.ts';
import { tripRequest } from '../testing/trip-fixtures.ts';
import { until } from '../testing/agency-harness.ts';

let t: TestApi;
let manager: string;
const sockets: Socket[] = [];
beforeAll(async () => {
  t = await startTestApi();
  manager = await t.token('manager1');
}, 120_000);
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await t?.close();
});

const issue = async (name = 'TV bãi chờ 1') => {
  const r = await t.call('POST', '/v1/gates/KT/display-tokens', { token: manager, body: { name } });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { id: string; token: string; prefix: string; boardPath: string };
};

function board(token: string): Promise<{ socket: Socket; boards: CallUpBoard[] }> {
  return new Promise((resolve, reject) => {
    const socket = connect(`${t.url}${DISPLAY_NAMESPACE}`, { auth: { token }, transports: ['websocket'], reconnection: false });
    sockets.push(socket);
    const boards: CallUpBoard[] = [];
    socket.on(DISPLAY_EVENTS.board, (b: CallUpBoard) => boards.push(b));
    socket.once('connect', () => resolve({ socket, boards }));
    socket.once('connect_error', reject);
  });
}

describe('display tokens', () => {
  it('are shown once, listed by prefix, and open the board of their gate', async () => {
    const issued = await issue();
    expect(issued.token).toMatch(/^bfd_[0-9a-f]{16}_/);
    expect(issued.boardPath).toBe(`/board#${issued.token}`);
    const list = await t.call('GET', '/v1/gates/KT/display-tokens', { token: manager });
    expect(list.body.tokens.map((k: any) => k.prefix)).toContain(issued.prefix);
    expect(JSON.stringify(list.body)).not.toContain(issued.token);

    const read = await t.call('GET', '/v1/display/board', { token: issued.token });
    expect(read.status, JSON.stringify(read.body)).toBe(200);
    expect(read.body).toMatchObject({ gate: 'KT', calls: expect.any(Array) });
    expect(read.headers.get('cache-control')).toBe('no-store');
  });

  it('show a call-up live on /display and over HTTP', async () => {
    const issued = await issue();
    const tv = await board(issued.token);
    await until('the first board', () => tv.boards.length > 0);
    const request = tripRequest({ direction: 'entry' });
    const trip = await t.call('POST', '/v1/trips', { token: await t.token('driver1'), body: request });
    expect(trip.status, JSON.stringify(trip.body)).toBe(201);
    const checkIn = await t.call('POST', '/v1/gates/KT/check-ins', { token: await t.token('operator1'), body: { plate: request.vehicle.plate } });
    expect(checkIn.status, JSON.stringify(checkIn.body)).toBe(200);
    const plate = checkIn.body.trip.vehicle.plate as string;
    const onBoard = () => tv.boards.at(-1)?.calls.find((c) => c.plate === plate);
    await until('the call-up on the board', () => onBoard());
    expect(onBoard()).toMatchObject({ laneId: expect.stringMatching(/^KT-/), laneName: expect.any(String) });
    const read = await t.call('GET', '/v1/display/board', { token: issued.token });
    expect(read.body.calls.map((c: any) => c.plate)).toContain(plate);
  });

  it('open nothing but the board; no user token opens the board', async () => {
    const { token } = await issue();
    for (const path of ['/v1/trips', '/v1/gates/KT/queue', '/v1/gates/KT/display-tokens', '/v1/me']) {
      const r = await t.call('GET', path, { token });
      expect(r.status, `${path}: ${JSON.stringify(r.body)}`).toBe(401);
    }
    await expect(t.socket(token)).rejects.toMatchObject({ message: 'UNAUTHENTICATED' });
    for (const user of ['manager1', 'operator1', 'admin1', 'driver1']) {
      const r = await t.call('GET', '/v1/display/board', { token: await t.token(user) });
      expect(r.status, user).toBe(401);
      expect(r.headers.get('content-type')).toContain('application/problem+json');
    }
    await expect(board(await t.token('operator1'))).rejects.toMatchObject({ message: 'UNAUTHENTICATED' });
    await expect(board('bfd_0123456789abcdef_' + 'x'.repeat(32))).rejects.toMatchObject({ message: 'UNAUTHENTICATED' });
  });

  it('are refused once revoked, and only a manager or admin of the platform manages them', async () => {
    const issued = await issue();
    const refused = await t.call('DELETE', `/v1/gates/KT/display-tokens/${issued.id}`, { token: await t.token('operator1') });
    expect(refused.status).toBe(403);
    const gone = await t.call('DELETE', `/v1/gates/KT/display-tokens/${issued.id}`, { token: manager });
    expect(gone.status, JSON.stringify(gone.body)).toBe(204);
    expect((await t.call('GET', '/v1/display/board', { token: issued.token })).status).toBe(401);
    await expect(board(issued.token)).rejects.toMatchObject({ message: 'UNAUTHENTICATED' });
    const again = await t.call('DELETE', `/v1/gates/KT/display-tokens/${issued.id}`, { token: manager });
    expect(again.status).toBe(404);
    const audit = await t.db.prisma.auditEntry.findMany({ where: { targetId: issued.id } });
    expect(audit.map((a) => a.action).sort()).toEqual(['display-token.create', 'display-token.revoke']);
  });
});
