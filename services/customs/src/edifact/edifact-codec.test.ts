import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { CodecError } from '../codec.ts';
import { GATE_EVENT_SAMPLES, decisionEnvelope, gateEventEnvelope, noticeEnvelope } from '../testing/codec-fixtures.ts';
import { edifactCodec as codec } from './edifact-codec.ts';
import { readEdifact, writeEdifact, seg } from './edifact-syntax.ts';

const segmentsOf = (body: string) => body.split(/(?<!\?)'/).filter(Boolean);

describe('EDIFACT syntax', () => {
  it('escapes ? \' + : with the release character and node-edifact reads them back', () => {
    const tricky = "Co?+Ltd: 'A+B' 50% 1.5-2";
    const body = writeEdifact([seg('UNB', ['UNOW', '4'], 'a', 'b', ['20250601', '0830'], 'R1'), seg('FTX', 'AAI', '', '', [tricky, 'x:y']), seg('UNZ', 0, 'R1')]);
    expect(body).toContain("FTX+AAI+++Co???+Ltd?: ?'A?+B?' 50% 1.5-2:x?:y'");
    expect(readEdifact(body)[1]?.elements[3]).toEqual([tricky, 'x:y']);
  });

  it('drops trailing empty components and elements but keeps inner ones', () => {
    expect(writeEdifact([seg('NAD', 'EX', ['1', '', ''], '', ['N'], '', '', '')])).toBe("UNA:+.?*'NAD+EX+1++N'");
  });
});

describe('EDIFACT: CUSDEC movement notices', () => {
  it('round-trips a notice losslessly (UNOW: Vietnamese and Chinese names)', () => {
    const env = noticeEnvelope();
    const body = codec.encodeNotice(env);
    expect(body.startsWith("UNA:+.?*'UNB+UNOW:4+borderflow.kt:ZZZ+vn-customs.13bb:ZZZ+20250601:0830+")).toBe(true);
    expect(body).toContain("UNH+1+CUSDEC:D:96B:UN:BF1.0'BGM+830+");
    expect(body).toContain('河口县果蔬进出口有限公司');
    expect(codec.decodeNotice(body)).toEqual(env);
  });

  it('splits long names into 35-character lines and long texts into 70-character lines', () => {
    const name = 'Công ty Cổ phần Xuất nhập khẩu Nông sản và Thực phẩm Lào Cai – Chi nhánh Kim Thành';
    const env = noticeEnvelope({
      parties: [{ role: 'exporter', country: 'VN', name, taxId: '0100109106-001' }],
      cargo: [{ description: 'x'.repeat(150), hsCode: '08109010', packages: 3, grossKg: 0.5, perishable: false }],
    });
    const body = codec.encodeNotice(env);
    expect(body).toContain(`NAD+EX+0100109106001:MST:ZZZ++${[...name].slice(0, 35).join('')}:`);
    expect(codec.decodeNotice(body)).toEqual(env);
  });

  it('round-trips purposes, entry direction, no trailer, no containers, fractional and whole-second times', () => {
    for (const purpose of ['original', 'replace', 'cancel'] as const) {
      const env = noticeEnvelope({ purpose, revision: 3, direction: 'entry', trailer: null, containers: [], cargo: [], declarations: [], parties: [], vehicle: { plate: '云G12345', nationality: 'CN' }, expectedArrivalAt: '2025-06-01T08:30:00.250+07:00' });
      const body = codec.encodeNotice({ ...env, sentAt: '2025-06-01T08:30:05+07:00' });
      expect(body).toContain(`BGM+929+`);
      expect(body).toContain("DTM+132:20250601083000:204'DTM+ZFS:250'");
      expect(body).toContain("DTM+137:20250601083005:204'");
      expect(codec.decodeNotice(body)).toEqual({ ...env, sentAt: '2025-06-01T08:30:05+07:00' });
    }
  });

  it('escapes service characters inside values and round-trips them', () => {
    const env = noticeEnvelope({ driver: { fullName: "O'Neil + Trần: what?", phone: '0912345678', licenseNo: "B2:1+2'3?" } });
    const body = codec.encodeNotice(env);
    expect(body).toContain("O?'Neil ?+ Trần?: what??");
    expect(codec.decodeNotice(body)).toEqual(env);
  });

  it('checks the interchange structure: UNT segment count, UNZ count and reference', () => {
    const body = codec.encodeNotice(noticeEnvelope());
    expect(() => codec.decodeNotice(body.replace(/UNT\+(\d+)\+1'/, (_m, n: string) => `UNT+${Number(n) + 1}+1'`))).toThrow(/UNT counts \d+ segments, the message has \d+/);
    expect(() => codec.decodeNotice(body.replace(/UNZ\+1\+/, 'UNZ+2+'))).toThrow(/UNZ counts 2 messages, the interchange has 1/);
    expect(() => codec.decodeNotice(body.replace(/UNZ\+1\+\w+'/, "UNZ+1+WRONG'"))).toThrow(/control reference WRONG/);
    expect(() => codec.decodeNotice(body.replace('CUSDEC:D:96B', 'CUSDEC:D:01B'))).toThrow(/directory D:01B is not D:96B/);
    expect(() => codec.decodeNotice(body.slice(0, -1))).toThrow(CodecError);
    expect(() => codec.decodeDecisions(body)).toThrow(/message type is CUSDEC, expected CUSRES/);
  });
});

describe('EDIFACT: IFTSTA gate events', () => {
  it.each(GATE_EVENT_SAMPLES.map((p) => [p.type, p] as const))('round-trips %s', (_type, payload) => {
    const env = gateEventEnvelope(payload);
    const body = codec.encodeGateEvent(env);
    expect(body).toContain('UNH+1+IFTSTA:D:96B:UN:BF1.0');
    expect(codec.decodeGateEvent(body)).toEqual(env);
  });
});

describe('EDIFACT: CUSRES decisions', () => {
  it('round-trips several decisions in one interchange: raw 3D, amendments, holds, notes', () => {
    const batch = [
      decisionEnvelope(),
      decisionEnvelope({ amendment: 2, status: 'released', channel: { code: '1', color: 'green' }, inspectionModes: [], reference: 'VN:REL+1' }),
      decisionEnvelope({
        agency: 'quarantine', status: 'inspection_required', channel: null, inspectionModes: ['quarantine', 'documents'],
        holds: [{ action: 'place', holdId: 'Q-77', reason: "lấy mẫu kiểm dịch? 'fruit fly'+1" }, { action: 'release', holdId: 'Q-76', reason: 'ok' }],
        note: '检疫: 取样',
      }),
    ];
    const body = codec.encodeDecisions(batch);
    expect(body).toContain("GIS+3D:ZCH::red'");
    expect(body).toContain("RFF+ABT:305123456782'");
    expect(segmentsOf(body).filter((s) => s.startsWith('UNH'))).toHaveLength(3);
    expect(body).toMatch(/UNZ\+3\+\w+'$/);
    expect(codec.decodeDecisions(body)).toEqual(batch);
    expect(codec.decisionCursor(body)).toBeNull();
  });

  it('reads a hand-written CUSRES (README example) and an empty poll', () => {
    const body = [
      "UNA:+.? 'UNB+UNOW:4+vn-customs.13bb:ZZZ+borderflow.kt:ZZZ+20250601:0840+6F1C2B9E8D4A4C++CUSRES'",
      "UNH+1+CUSRES:D:96B:UN:BF1.0'BGM+ZAD+6f1c2b9e8d4a4c7e9b1f2a3d4e5f6a7b+9'DTM+137:20250601084002:204'",
      "LOC+22+KT::ZZZ'RFF+ACW:trip_01JX2K'DTM+182:20250601084000:204'RFF+ABT:305123456781'NAD+MS+customs::ZZZ'",
      `GIS+CHA:ZST'GIS+3d:ZCH::red'GIS+PHY:ZIM'AUT+${'0f'.repeat(32)}+k2025-06'UNT+13+1'UNZ+1+6F1C2B9E8D4A4C'`,
    ].join('\n');
    const [d] = codec.decodeDecisions(body);
    expect(d).toMatchObject({
      messageId: '6f1c2b9e-8d4a-4c7e-9b1f-2a3d4e5f6a7b', sender: 'vn-customs.13bb', receiver: 'borderflow.kt', sentAt: '2025-06-01T08:40:02+07:00',
      payload: { agency: 'customs', declarationKey: '30512345678', amendment: 1, status: 'channel_assigned', channel: { code: '3D', color: 'red' }, inspectionModes: ['physical'], holds: [] },
    });
    expect(codec.decodeDecisions('')).toEqual([]);
    expect(codec.encodeDecisions([])).toBe('');
  });

  it('names the field when a decision breaks the contract', () => {
    const body = codec.encodeDecisions([decisionEnvelope()]).replace('GIS+3D:ZCH::red', 'GIS+3D:ZCH::green');
    const err = (() => { try { codec.decodeDecisions(body); } catch (e) { return e; } })();
    expect(err).toBeInstanceOf(ZodError);
    expect((err as ZodError).issues[0]).toMatchObject({ path: ['payload', 'channel', 'color'], message: 'channel.color must be red for code 3D' });
    expect(() => codec.decodeDecisions(codec.encodeDecisions([decisionEnvelope()]).replace('GIS+CHA:ZST', 'GIS+XXX:ZST'))).toThrow(/unknown status code XXX/);
  });
});

describe('EDIFACT free text', () => {
  it('turns line breaks into spaces (control characters are in no EDIFACT character set)', () => {
    // The contracts refuse control characters in a description; the codec must not rely on it.
    const env = noticeEnvelope({ cargo: [{ description: 'Thanh long', hsCode: '08109010', packages: 1, grossKg: 1 }] });
    env.payload.cargo[0]!.description = 'Thanh long\nloại 1\ttốt';
    const back = codec.decodeNotice(codec.encodeNotice(env));
    expect(back.payload.cargo[0]?.description).toBe('Thanh long loại 1 tốt');
  });
});
