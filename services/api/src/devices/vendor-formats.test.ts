/**
 * The camera vendors' formats (captured-style bodies in fixtures/): Hikvision ISAPI's XML
 * EventNotificationAlert and Dahua's ITSAPI traffic snapshot become the same plate read as the generic
 * JSON, and check a truck in through the gateway the same way; a body of the wrong kind or with a wrong
 * field is refused naming it.
 */
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalisePlate } from '@borderflow/contracts';
import { VENDOR_FORMATS } from './vendor-formats.ts';
import { startTestApi, type TestApi } from '../testing/test-api.ts';
import { tripRequest, uniquePlate } from '../testing/trip-fixtures.ts';

const HIKVISION_XML = readFileSync(new URL('./fixtures/hikvision-isapi-anpr.xml', import.meta.url), 'utf8');
const DAHUA_JSON = readFileSync(new URL('./fixtures/dahua-traffic.json', import.meta.url), 'utf8');

function fill(template: string, fields: { plate: string; confidence: number; event?: string }): string {
  return template.replaceAll('{{PLATE}}', fields.plate).replaceAll('{{CONFIDENCE}}', String(fields.confidence)).replaceAll('{{EVENT}}', fields.event ?? randomUUID());
}

describe('parsing', () => {
  it('reads a Hikvision ISAPI XML ANPR event as a plate read, "unknown" as a no-read', () => {
    const parsed = VENDOR_FORMATS['hikvision-xml'].parse(fill(HIKVISION_XML, { plate: '24C12345', confidence: 93, event: 'evt-1' }));
    expect(parsed).toEqual({
      ok: true,
      value: { kind: 'read', read: { eventId: 'evt-1', capturedAt: '2026-12-06T09:15:02+07:00', plate: '24C12345', confidence: 0.93, imageRef: 'licensePlatePicture.jpg', laneId: null } },
    });
    const unknown = VENDOR_FORMATS['hikvision-xml'].parse(fill(HIKVISION_XML, { plate: 'unknown', confidence: 0 }));
    expect(unknown.ok && unknown.value.kind === 'read' && unknown.value.read.plate).toBe(null);
  });

  it('stands the first picture id in for the UUID older firmware leaves out', () => {
    const noUuid = fill(HIKVISION_XML, { plate: '24C12345', confidence: 93, event: 'old' }).replace('<UUID>old</UUID>', '');
    const parsed = VENDOR_FORMATS['hikvision-xml'].parse(noUuid);
    expect(parsed.ok && parsed.value.kind === 'read' && parsed.value.read.eventId).toBe('old-p1');
  });

  it('refuses XML that is not well formed, and names a wrong field', () => {
    expect(VENDOR_FORMATS['hikvision-xml'].parse('<EventNotificationAlert><ANPR>')).toEqual({ ok: false, reason: 'body' });
    const wrong = VENDOR_FORMATS['hikvision-xml'].parse(fill(HIKVISION_XML, { plate: '24C12345', confidence: 'high' as unknown as number }));
    expect(wrong.ok).toBe(false);
    expect(!wrong.ok && wrong.reason === 'schema' && wrong.error.issues[0]!.path.join('.')).toBe('ANPR.confidenceLevel');
  });

  it('reads a Dahua traffic snapshot: confidence 0–100, an id from the device and instant, 无车牌 as a no-read', () => {
    const parsed = VENDOR_FORMATS.dahua.parse(fill(DAHUA_JSON, { plate: '24C12345', confidence: 88, event: 'KT-IN-2' }));
    expect(parsed.ok && parsed.value.kind === 'read' && parsed.value.read).toMatchObject({
      plate: '24C12345', confidence: 0.88, capturedAt: '2026-12-06T02:15:02.123Z', imageRef: 'KT-IN-2_20261206091502123_normal.jpg',
    });
    const again = VENDOR_FORMATS.dahua.parse(fill(DAHUA_JSON, { plate: '24C12345', confidence: 88, event: 'KT-IN-2' }));
    expect(again.ok && again.value.kind === 'read' && parsed.ok && parsed.value.kind === 'read' && again.value.read.eventId === parsed.value.read.eventId).toBe(true);
    const noPlate = VENDOR_FORMATS.dahua.parse(fill(DAHUA_JSON, { plate: '无车牌', confidence: 0 }));
    expect(noPlate.ok && noPlate.value.kind === 'read' && noPlate.value.read.plate).toBe(null);
    const noConfidence = JSON.parse(fill(DAHUA_JSON, { plate: '24C12345', confidence: 88 }));
    delete noConfidence.Picture.Plate.Confidence;
    const doubtful = VENDOR_FORMATS.dahua.parse(JSON.stringify(noConfidence));
    expect(doubtful.ok && doubtful.value.kind === 'read' && doubtful.value.read.confidence).toBe(0);
  });
});

describe('through the gateway', () => {
  let t: TestApi;
  let key: string;
  beforeAll(async () => {
    t = await startTestApi();
    const r = await t.call('POST', '/v1/admin/devices', { token: await t.token('admin1'), body: { gate: 'KT', kind: 'anpr', name: `cam ${randomUUID().slice(0, 6)}`, position: 'yard-entrance' } });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    key = r.body.key;
  }, 180_000);
  afterAll(() => t?.close());

  async function registerTrip(): Promise<{ id: string; plate: string }> {
    const plate = uniquePlate();
    const r = await t.call('POST', '/v1/trips', { token: await t.token('driver1'), body: tripRequest({ vehicle: { plate } }) });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return { id: r.body.id, plate: normalisePlate(plate) };
  }
  const send = (path: string, contentType: string, raw: string) =>
    t.call('POST', path, { headers: { 'x-device-key': key, 'content-type': contentType }, raw });

  it('a Hikvision camera pushing its XML checks a truck in; the same event again is a duplicate; JSON on the XML route is refused', async () => {
    const trip = await registerTrip();
    const body = fill(HIKVISION_XML, { plate: trip.plate, confidence: 96 });
    const first = await send('/v1/devices/events/hikvision-isapi', 'application/xml; charset=UTF-8', body);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toMatchObject({ outcome: 'checked_in', tripId: trip.id });
    expect((await send('/v1/devices/events/hikvision-isapi', 'text/xml', body)).body).toMatchObject({ outcome: 'duplicate' });
    const asJson = await send('/v1/devices/events/hikvision-isapi', 'application/json', body);
    expect(asJson.status).toBe(415);
    expect(asJson.body.error.field).toBe('Content-Type');
    const broken = await send('/v1/devices/events/hikvision-isapi', 'application/xml', '<EventNotificationAlert><ANPR>');
    expect(broken.status).toBe(400);
    expect(broken.body.error.field).toBe('body');
  });

  it('a Dahua camera checks a truck in; a doubtful Dahua read waits for a person', async () => {
    const trip = await registerTrip();
    const first = await send('/v1/devices/events/dahua', 'application/json', fill(DAHUA_JSON, { plate: trip.plate, confidence: 95, event: randomUUID() }));
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toMatchObject({ outcome: 'checked_in', tripId: trip.id });
    const other = await registerTrip();
    const doubtful = await send('/v1/devices/events/dahua', 'application/json', fill(DAHUA_JSON, { plate: other.plate, confidence: 55, event: randomUUID() }));
    expect(doubtful.body).toMatchObject({ outcome: 'confirm_queued', tripId: null });
    expect((await t.db.prisma.trip.findUniqueOrThrow({ where: { id: other.id } })).state).toBe('registered');
  });
});
