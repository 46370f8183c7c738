/**
 * The API's cross-cutting HTTP behaviour against the real server: RFC 9457
 * problems listing every problem at once in the caller's language, request
 * ids, 405/406/415 and JSON 404s, Idempotency-Key replays, Location, and a
 * retried registration's 409 naming the existing trip.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ZErrorResponseSchema } from '@borderflow/contracts';
import { useTestApi } from '../testing/use-test-api.ts';
import { tripRequest, uniquePhone } from '../testing/trip-fixtures.ts';
import { nulItems } from './problem.ts';

const t = useTestApi();

describe('problem details', () => {
  it('reports every problem of a request at once, each with its pointer and rule, as problem+json', async () => {
    const token = await t.token('driver1');
    const r = await t.call('POST', '/v1/trips', {
      token,
      body: { ...tripRequest(), gateCode: undefined, vehicle: { plate: 'nope' }, extra: 1 },
    });
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(ZErrorResponseSchema.parse(r.body).code).toBe('VALIDATION_FAILED');
    const pointers = r.body.errors.map((e: { pointer: string }) => e.pointer);
    expect(pointers).toEqual(expect.arrayContaining(['/gateCode', '/vehicle/plate', '/extra']));
    expect(r.body.errors.find((e: { pointer: string }) => e.pointer === '/extra').rule).toBe('unknown_field');
    expect(r.body.errors.find((e: { pointer: string }) => e.pointer === '/gateCode').rule).toBe('required');
    expect(r.body.type).toBe('/docs/errors#VALIDATION_FAILED');
    expect(r.body.instance).toBe('/v1/trips');
    // The shape older clients read is still there, naming the first problem.
    expect(r.body.error.field).toBe(r.body.errors[0].field);
  });

  it('refuses text holding U+0000 for its field, never a 500 from the database (found by the fuzz test)', async () => {
    const admin = await t.token('admin1');
    const r = await t.call('PUT', '/v1/admin/demo-feeder', { token: admin, body: { enabled: false, reason: 'a\u0000b' }, headers: { 'accept-language': 'vi' } });
    expect(r.status).toBe(400);
    expect(r.body.errors).toEqual([expect.objectContaining({ pointer: '/reason', field: 'reason', in: 'body', rule: 'format', detail: 'Văn bản không được chứa ký tự NUL (U+0000)' })]);
  });

  it('speaks the caller\'s language', async () => {
    const token = await t.token('driver1');
    const vi = await t.call('POST', '/v1/trips', { token, body: { ...tripRequest(), gateCode: undefined }, headers: { 'accept-language': 'vi-VN,vi;q=0.9' } });
    expect(vi.body.title).toBe('Dữ liệu không hợp lệ');
    expect(vi.body.errors[0].detail).toBe('gateCode là bắt buộc');
    const zh = await t.call('POST', '/v1/trips', { token, body: { ...tripRequest(), gateCode: undefined }, headers: { 'accept-language': 'en;q=0.5, zh-CN' } });
    expect(zh.body.errors[0].detail).toBe('gateCode 为必填项');
  });

  it('words a refusal a driver meets on the form in their language (one active trip per vehicle)', async () => {
    const token = await t.token('driver1');
    const first = await t.call('POST', '/v1/trips', { token, body: tripRequest() });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const again = (lang: string) => t.call('POST', '/v1/trips', {
      token, headers: { 'accept-language': lang },
      body: tripRequest({ vehicle: { plate: first.body.vehicle.plate }, driver: { fullName: 'Nguyễn Văn An', phone: uniquePhone() } }),
    });
    const vi = await again('vi');
    expect(vi.status).toBe(409);
    expect(vi.body.errors[0]).toMatchObject({ field: 'vehicle.plate', detail: 'Xe này đã có một chuyến đang hoạt động; hãy hủy hoặc hoàn tất chuyến đó trước khi đăng ký chuyến khác' });
    expect(vi.body.detail).toBe(vi.body.errors[0].detail);
    expect((await again('zh-CN')).body.error.message).toBe('该车辆已有进行中的行程；请先取消或完成该行程，再登记新的行程');
    expect((await again('fr')).body.detail).toBe('This vehicle already has an active trip; cancel or finish it before registering another');
  });

  it('every answer carries a request id; a sane incoming one is kept, a hostile one replaced', async () => {
    const ok = await t.call('GET', '/healthz');
    expect(ok.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const mine = await t.call('GET', '/v1/nothing-here', { headers: { 'x-request-id': 'client-abc.123' } });
    expect(mine.headers.get('x-request-id')).toBe('client-abc.123');
    expect(mine.body.requestId).toBe('client-abc.123');
    const bad = await t.call('GET', '/v1/nothing-here', { headers: { 'x-request-id': 'a b<script>' } });
    expect(bad.headers.get('x-request-id')).not.toBe('a b<script>');
    expect(bad.body.requestId).toBe(bad.headers.get('x-request-id'));
  });

  it('unknown /v1 paths are JSON 404s; a wrong method on a known path is 405 with Allow', async () => {
    const nf = await t.call('GET', '/v1/trips/a/b/c');
    expect(nf.status).toBe(404);
    expect(nf.body.code).toBe('NOT_FOUND');
    const token = await t.token('driver1');
    const wrong = await t.call('DELETE', '/v1/trips', { token });
    expect(wrong.status).toBe(405);
    expect(wrong.body.code).toBe('METHOD_NOT_ALLOWED');
    expect(wrong.headers.get('allow')).toBe('POST, GET, HEAD');
  });

  it('406 for an Accept the route cannot produce, 415 for a body that is not JSON', async () => {
    const token = await t.token('driver1');
    const xml = await t.call('GET', '/v1/trips', { token, headers: { accept: 'application/xml' } });
    expect(xml.status).toBe(406);
    expect(xml.body.code).toBe('NOT_ACCEPTABLE');
    expect((await t.call('GET', '/v1/trips', { token, headers: { accept: 'application/json, */*;q=0.1' } })).status).toBe(200);
    const text = await t.call('POST', '/v1/trips', { token, raw: 'gateCode=KT', headers: { 'content-type': 'text/plain' } });
    expect(text.status).toBe(415);
    expect(text.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });
});

describe('creating POSTs', () => {
  it('a retry with the same Idempotency-Key gets the original 201 and body; Location names the trip', async () => {
    const token = await t.token('driver2');
    const body = tripRequest({ driver: { fullName: 'Lò Văn Sáng', phone: uniquePhone() } });
    const headers = { 'idempotency-key': randomUUID() };
    const first = await t.call('POST', '/v1/trips', { token, body, headers });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.headers.get('location')).toBe(`/v1/trips/${first.body.id}`);
    const again = await t.call('POST', '/v1/trips', { token, body, headers });
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.headers.get('location')).toBe(`/v1/trips/${first.body.id}`);
    expect(await t.db.prisma.trip.count({ where: { vehicle: { plate: first.body.vehicle.plate } } })).toBe(1);
    // The same key for another request is refused, naming the header.
    const reused = await t.call('POST', '/v1/trips', { token, body: tripRequest(), headers });
    expect(reused.status).toBe(400);
    expect(reused.body.errors[0]).toMatchObject({ in: 'header', field: 'Idempotency-Key', rule: 'reused_key' });
  });

  it('keys are per account: another driver\'s identical key creates their own trip', async () => {
    const key = randomUUID();
    const a = await t.call('POST', '/v1/trips', { token: await t.token('driver1'), body: tripRequest({ driver: { fullName: 'A B', phone: uniquePhone() } }), headers: { 'idempotency-key': key } });
    const b = await t.call('POST', '/v1/trips', { token: await t.token('driver2'), body: tripRequest({ driver: { fullName: 'A B', phone: uniquePhone() } }), headers: { 'idempotency-key': key } });
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body.id).not.toBe(b.body.id);
  });

  it('a retried registration without a key gets 409 with the existing trip\'s id', async () => {
    const token = await t.token('driver1');
    const body = tripRequest({ driver: { fullName: 'Lò Văn Sáng', phone: uniquePhone() } });
    const first = await t.call('POST', '/v1/trips', { token, body });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const retry = await t.call('POST', '/v1/trips', { token, body });
    expect(retry.status).toBe(409);
    expect(retry.body.existingId).toBe(first.body.id);
    expect(retry.body.errors[0].field).toBe('vehicle.plate');
  });
});

describe('text with U+0000', () => {
  it('is found at any depth, and a request part without any builds no items', () => {
    const clean = { tripId: 't-1', containers: ['ABCU1234565', { seal: 'S1' }], n: 2, none: null };
    // One shared empty answer: nothing is built for the common, clean request.
    expect(nulItems(clean, 'body', 'en')).toBe(nulItems({}, 'query', 'vi'));
    expect(nulItems(clean, 'body', 'en')).toEqual([]);
    const dirty = { ...clean, containers: ['ABCU1234565', { seal: 'S\u00001' }] };
    expect(nulItems(dirty, 'body', 'en')).toMatchObject([{ pointer: '/containers/1/seal', field: 'containers.1.seal', in: 'body', rule: 'format' }]);
  });
});
