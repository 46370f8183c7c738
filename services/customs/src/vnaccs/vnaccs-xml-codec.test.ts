import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { CodecError } from '../codec.ts';
import { GATE_EVENT_SAMPLES, decisionEnvelope, gateEventEnvelope, noticeEnvelope } from '../testing/codec-fixtures.ts';
import { vnaccsXmlCodec as codec } from './vnaccs-xml-codec.ts';

describe('VNACCS XML: movement notices', () => {
  it('round-trips a notice losslessly (envelope, Vietnamese and Chinese names)', () => {
    const env = noticeEnvelope();
    const xml = codec.encodeNotice(env);
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<Message xmlns="urn:borderflow:vnaccs:1.0" kind="movement_notice" schemaVersion="1.0">/);
    expect(xml).toContain('<Name>Công ty TNHH Nông sản Lào Cai</Name>');
    expect(xml).toContain('<Name>河口县果蔬进出口有限公司</Name>');
    expect(xml).toContain(`<Signature algorithm="HMAC-SHA256" keyId="k2025-06">${'a'.repeat(64)}</Signature>`);
    expect(codec.decodeNotice(xml)).toEqual(env);
  });

  it('escapes markup characters and keeps optional fields absent', () => {
    const env = noticeEnvelope({
      trailer: null,
      driver: { fullName: 'Lê "Tí" <Tèo> & Co\'s', phone: '0912345678' },
      cargo: [{ description: 'a < b && c > d', hsCode: '08109010', packages: 1, grossKg: 12.5 }],
      parties: [],
    });
    const xml = codec.encodeNotice(env);
    expect(xml).toContain('a &lt; b &amp;&amp; c &gt; d');
    expect(xml).not.toContain('<Trailer>');
    expect(xml).not.toContain('LicenseNo');
    const back = codec.decodeNotice(xml);
    expect(back).toEqual(env);
    expect(back.payload.driver).toEqual({ fullName: 'Lê "Tí" <Tèo> & Co\'s', phone: '0912345678' });
  });
});

describe('VNACCS XML: gate events', () => {
  it.each(GATE_EVENT_SAMPLES.map((p) => [p.type, p] as const))('round-trips %s', (_type, payload) => {
    const env = gateEventEnvelope(payload);
    expect(codec.decodeGateEvent(codec.encodeGateEvent(env))).toEqual(env);
  });

  it('writes gate-in evidence as attributes a reader can scan', () => {
    const xml = codec.encodeGateEvent(gateEventEnvelope(GATE_EVENT_SAMPLES[0]!));
    expect(xml).toContain('<GateEvent type="gate_in" eventId="KT:101">');
    expect(xml).toContain('<PlateRead target="truck" confidence="0.98" source="cam-in-1">24C-123.45</PlateRead>');
    expect(xml).toContain('<Weight source="wb-1">38500.5</Weight>');
  });
});

describe('VNACCS XML: decisions', () => {
  it('round-trips a polling batch with its cursor, raw channel 3D and holds', () => {
    const batch = [
      decisionEnvelope(),
      decisionEnvelope({ amendment: 1, status: 'released', channel: { code: '1', color: 'green' }, inspectionModes: [], reference: 'VN-REL-1' }),
      decisionEnvelope({
        agency: 'quarantine', status: 'inspection_required', channel: null, inspectionModes: ['quarantine'],
        holds: [{ action: 'place', holdId: 'Q-77', reason: 'lấy mẫu kiểm dịch & fruit fly' }], note: 'sampling',
      }),
    ];
    const xml = codec.encodeDecisions(batch, 'c-000042');
    expect(xml).toContain('<Channel color="red">3D</Channel>');
    expect(codec.decisionCursor(xml)).toBe('c-000042');
    expect(codec.decodeDecisions(xml)).toEqual(batch);
  });

  it('reads a callback with a single message, and an empty poll', () => {
    const one = decisionEnvelope();
    expect(codec.decodeDecisions(codec.encodeDecisions([one]))).toEqual([one]);
    const empty = codec.encodeDecisions([], 'c-7');
    expect(codec.decodeDecisions(empty)).toEqual([]);
    expect(codec.decisionCursor(empty)).toBe('c-7');
    expect(codec.decisionCursor(codec.encodeDecisions([one]))).toBeNull();
  });

  it('reads a hand-written decision document (the README example)', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<Messages xmlns="urn:borderflow:vnaccs:1.0" cursor="c-000043">
  <Message kind="agency_decision" schemaVersion="1.0">
    <Header>
      <MessageId>6f1c2b9e-8d4a-4c7e-9b1f-2a3d4e5f6a7b</MessageId>
      <CorrelationId>trip_01JX2K</CorrelationId>
      <SentAt>2025-06-01T08:40:02+07:00</SentAt>
      <Sender>vn-customs.13bb</Sender>
      <Receiver>borderflow.kt</Receiver>
      <GateCode>KT</GateCode>
      <Signature algorithm="HMAC-SHA256" keyId="k2025-06">${'0f'.repeat(32)}</Signature>
    </Header>
    <Decision agency="customs">
      <DeclarationKey>30512345678</DeclarationKey>
      <Amendment>1</Amendment>
      <Status>channel_assigned</Status>
      <DecidedAt>2025-06-01T08:40:00+07:00</DecidedAt>
      <Channel color="red">3d</Channel>
      <InspectionModes><Mode>physical</Mode></InspectionModes>
    </Decision>
  </Message>
</Messages>`;
    const [d] = codec.decodeDecisions(xml);
    expect(d?.payload).toEqual({
      agency: 'customs', declarationKey: '30512345678', amendment: 1, status: 'channel_assigned',
      decidedAt: '2025-06-01T08:40:00+07:00', channel: { code: '3D', color: 'red' }, inspectionModes: ['physical'], holds: [],
    });
    expect(d?.sender).toBe('vn-customs.13bb');
  });

  it('rejects bodies it cannot read, saying where', () => {
    expect(() => codec.decodeDecisions('<Messages><Message>')).toThrow(CodecError);
    expect(() => codec.decodeDecisions('<Other/>')).toThrow(/root element must be one of Messages, Message/);
    const notice = codec.encodeNotice(noticeEnvelope());
    expect(() => codec.decodeDecisions(notice)).toThrow(/kind movement_notice, expected agency_decision/);
    const bad = codec.encodeDecisions([decisionEnvelope()]).replace('<Amendment>0</Amendment>', '<Amendment>x</Amendment>');
    const err = (() => { try { codec.decodeDecisions(bad); } catch (e) { return e; } })();
    expect(err).toBeInstanceOf(ZodError);
    expect((err as ZodError).issues[0]?.path).toEqual(['payload', 'amendment']);
    const noKey = codec.encodeDecisions([decisionEnvelope()]).replace(/<DeclarationKey>.*<\/DeclarationKey>/, '');
    expect(() => codec.decodeDecisions(noKey)).toThrow(/\/Messages\/Message\[1\]\/Decision\/DeclarationKey is missing/);
  });
});
