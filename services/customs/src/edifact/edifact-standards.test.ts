/**
 * What other EDIFACT software expects of our interchanges (UN/EDIFACT syntax version 4, ISO
 * 9735-1:2002, and the D.96B directory), checked on what the codec really writes and reads:
 * the service string advice, DTM formats, element lengths and repetitions, character sets.
 * Lengths are read with node-edifact's tokenizer called directly and with EDI.js, not through
 * our reader.
 */
import { randomUUID } from 'node:crypto';
import EDI from 'edi';
import { afterEach, describe, expect, it } from 'vitest';
import { CodecError } from '../codec.ts';
import { GATE_EVENT_SAMPLES, decisionEnvelope, gateEventEnvelope, noticeEnvelope } from '../testing/codec-fixtures.ts';
import { edifactText } from './edifact-charset.ts';
import { edifactCodec as codec } from './edifact-codec.ts';
import { reference35 } from './edifact-lengths.ts';
import { newEdifactParser } from './node-edifact.ts';

type Tokens = Array<{ tag: string; elements: string[][] }>;

/** node-edifact's tokens with positions kept (advice stripped: it reads only a version 3 advice; delimiters are its defaults). */
function tokens(body: string): Tokens {
  const parser = newEdifactParser();
  parser.encoding('UNOY');
  const out: Tokens = [];
  parser.on('opensegment', (tag) => out.push({ tag, elements: [] }));
  parser.on('element', () => out[out.length - 1]!.elements.push([]));
  parser.on('component', (d) => out[out.length - 1]!.elements.at(-1)!.push(d));
  parser.write(body.replace(/^UNA.{6}/, ''));
  parser.end();
  return out;
}

const len = (s: string | undefined) => [...(s ?? '')].length;

/** Every D.96B / syntax 4 length and repetition rule our segments touch; returns the breaches. */
function breaches(body: string): string[] {
  const out: string[] = [];
  const check = (ok: boolean, what: string) => {
    if (!ok) out.push(what);
  };
  for (const s of tokens(body)) {
    const e = (i: number, c = 0) => s.elements[i]?.[c];
    const at = `${s.tag}+${e(0) ?? ''}`;
    if (s.tag === 'UNB') {
      check(len(e(1)) <= 35, `${at} sender ${e(1)}`);
      check(len(e(2)) <= 35, `${at} receiver ${e(2)}`);
      check(len(e(4)) <= 14, `${at} control reference`);
    }
    if (s.tag === 'BGM') check(len(e(1)) <= 35, `${at} 1004`);
    if (s.tag === 'RFF') check(len(e(0, 1)) <= 35, `${at} 1154 ${e(0, 1)}`);
    if (s.tag === 'CNI') check(len(e(1)) <= 35, `${at} C503 1004 ${e(1)}`);
    if (s.tag === 'NAD') {
      const name = s.elements[3] ?? [];
      check(name.length <= 5 && name.every((l) => len(l) <= 35), `${at} C080 ${name.length} lines`);
    }
    if (s.tag === 'FTX') {
      const text = s.elements[3] ?? [];
      check(text.length <= 5 && text.every((l) => len(l) <= 70), `${at} C108 ${text.length} lines`);
    }
    if (s.tag === 'DTM') check(e(0, 2) === '204' || e(0) === 'ZFS', `${at} format ${e(0, 2)}`);
  }
  return out;
}

const uuidHeader = () => ({ messageId: randomUUID(), correlationId: randomUUID() });

describe('the service string advice agrees with the syntax version', () => {
  it('writes UNA:+.?*\' (repetition separator *) with UNB syntax version 4, read so by EDI.js', () => {
    const body = codec.encodeNotice(noticeEnvelope());
    expect(body.slice(0, 9)).toBe("UNA:+.?*'");
    const doc = new EDI(body);
    expect(doc.segment('UNB').element(1).component(1).toString()).toBe('4');
  });

  it('releases the repetition separator in data (?*), and reads it back', () => {
    const env = noticeEnvelope({ driver: { fullName: 'Trần *Văn* An', phone: '0912345678' } });
    const body = codec.encodeNotice(env);
    expect(body).toContain('Trần ?*Văn?* An');
    expect(codec.decodeNotice(body)).toEqual(env);
  });

  const cusres = (una: string, note: string) =>
    [
      `${una}UNB+UNOW:4+vn-customs.13bb:ZZZ+borderflow.kt:ZZZ+20250601:0840+6F1C2B9E8D4A4C++CUSRES'`,
      "UNH+1+CUSRES:D:96B:UN:BF1.0'BGM+ZAD+6f1c2b9e8d4a4c7e9b1f2a3d4e5f6a7b+9'DTM+137:20250601084002:204'",
      "LOC+22+KT::ZZZ'RFF+ACW:trip_01JX2K'DTM+182:20250601084000:204'RFF+ABT:305123456781'NAD+MS+customs::ZZZ'",
      `GIS+CHA:ZST'GIS+3D:ZCH::red'FTX+AAI+++${note}'AUT+${'0f'.repeat(32)}+k2025-06'UNT+13+1'UNZ+1+6F1C2B9E8D4A4C'`,
    ].join('\n');

  it.each([
    ["UNA:+.? '", 'version 3 advice'],
    ["UNA:+.?*'", 'version 4 default advice'],
    ['', 'no advice'],
  ])('accepts inbound %j (%s)', (una) => {
    const [d] = codec.decodeDecisions(cusres(una, 'checked'));
    expect(d?.payload).toMatchObject({ status: 'channel_assigned', channel: { code: '3D', color: 'red' }, note: 'checked' });
  });

  it('reads * as data after a version 3 advice, and as the repetition separator after a version 4 one', () => {
    expect(codec.decodeDecisions(cusres("UNA:+.? '", 'a*b'))[0]?.payload.note).toBe('a*b');
    expect(codec.decodeDecisions(cusres("UNA:+.?*'", 'a?*b'))[0]?.payload.note).toBe('a*b');
    expect(() => codec.decodeDecisions(cusres("UNA:+.?*'", 'a*b'))).toThrow(/repetition separator \* used/);
  });
});

describe('DTM+137 and every time: format 204 (CCYYMMDDHHMMSS)', () => {
  it('writes 204 even with fractional seconds, which follow in DTM+ZFS, and round-trips them', () => {
    const env = { ...noticeEnvelope({ expectedArrivalAt: '2025-06-01T09:00:00.5+07:00' }), sentAt: '2025-06-01T08:30:05.123+07:00' };
    const body = codec.encodeNotice(env);
    const doc = new EDI(body);
    const dtm137 = doc.segments('DTM+137').map((s) => s.segment('DTM').element(1));
    expect(dtm137.map((e) => [e.component(1).toString(), e.component(2).toString()])).toEqual([['20250601083005', '204']]);
    expect(body).toContain("DTM+137:20250601083005:204'DTM+ZFS:123'");
    expect(body).not.toContain('Z04');
    expect(codec.decodeNotice(body)).toEqual(env);
  });

  it('still reads the older Z04 form', () => {
    const env = noticeEnvelope();
    const body = codec.encodeNotice(env).replace("DTM+137:20250601083005:204'DTM+ZFS:000'", "DTM+137:20250601083005.000:Z04'").replace(/UNT\+(\d+)\+1'/, (_m, n: string) => `UNT+${Number(n) - 1}+1'`);
    expect(codec.decodeNotice(body).sentAt).toBe(env.sentAt);
  });
});

describe('element lengths and repetitions stay within D.96B', () => {
  it('a notice, every gate event and a batch of decisions with UUID ids: no breach, and they round-trip', () => {
    const notice = { ...noticeEnvelope({ tripId: randomUUID() }), ...uuidHeader() };
    const events = GATE_EVENT_SAMPLES.map((p) => ({ ...gateEventEnvelope({ ...p, tripId: randomUUID() }), ...uuidHeader() }));
    const decisions = [{ ...decisionEnvelope({ reference: randomUUID() }), correlationId: notice.correlationId }];
    expect(breaches(codec.encodeNotice(notice))).toEqual([]);
    expect(codec.decodeNotice(codec.encodeNotice(notice))).toEqual(notice);
    for (const e of events) {
      expect(breaches(codec.encodeGateEvent(e))).toEqual([]);
      expect(codec.decodeGateEvent(codec.encodeGateEvent(e))).toEqual(e);
    }
    expect(breaches(codec.encodeDecisions(decisions))).toEqual([]);
    expect(codec.decodeDecisions(codec.encodeDecisions(decisions))).toEqual(decisions);
  });

  it('a 36-character UUID travels as its 32 hex digits in RFF+ACW, RFF+ABO and CNI', () => {
    const env = { ...noticeEnvelope({ tripId: randomUUID() }), ...uuidHeader() };
    const rff = tokens(codec.encodeNotice(env)).filter((s) => s.tag === 'RFF');
    expect(rff.find((s) => s.elements[0]?.[0] === 'ACW')?.elements[0]?.[1]).toBe(env.correlationId.replace(/-/g, ''));
    expect(rff.find((s) => s.elements[0]?.[0] === 'ABO')?.elements[0]?.[1]).toBe(env.payload.tripId.replace(/-/g, ''));
    const gate = { ...gateEventEnvelope({ ...GATE_EVENT_SAMPLES[0]!, tripId: randomUUID() }), ...uuidHeader() };
    const cni = tokens(codec.encodeGateEvent(gate)).find((s) => s.tag === 'CNI');
    expect(cni?.elements[1]?.[0]).toBe(gate.payload.tripId.replace(/-/g, ''));
  });

  it('a longer id gets a derived 35-character reference, its full form in FTX+ZRF, and a partner echoing only the reference can be matched', () => {
    const long = `corr.${'x'.repeat(100)}:1`;
    const env = { ...noticeEnvelope(), correlationId: long };
    const body = codec.encodeNotice(env);
    expect(breaches(body)).toEqual([]);
    const acw = tokens(body).find((s) => s.tag === 'RFF' && s.elements[0]?.[0] === 'ACW')?.elements[0]?.[1];
    expect(acw).toBe(reference35(long));
    expect(len(acw)).toBe(35);
    expect(codec.decodeNotice(body)).toEqual(env);
    // A decision that echoes only the reference (no FTX+ZRF) carries the same derived value.
    const answer = codec.decodeDecisions(codec.encodeDecisions([{ ...decisionEnvelope(), correlationId: acw! }]))[0];
    expect(answer?.correlationId).toBe(reference35(long));
  });

  it('long free text is split over FTX segments of 5 × 70 characters, losslessly', () => {
    const note = 'Kiểm tra thực tế lô hàng thanh long. '.repeat(13).slice(0, 480);
    const env = { ...decisionEnvelope({ note }), ...uuidHeader() };
    const body = codec.encodeDecisions([env]);
    expect(tokens(body).filter((s) => s.tag === 'FTX' && s.elements[0]?.[0] === 'AAI')).toHaveLength(2);
    expect(breaches(body)).toEqual([]);
    expect(codec.decodeDecisions(body)[0]?.payload.note).toBe(note);
  });

  describe('data that cannot fit', () => {
    const warnings: string[] = [];
    const listener = (w: Error) => {
      if (w.name === 'EdifactWarning') warnings.push(w.message);
    };
    afterEach(() => {
      process.off('warning', listener);
    });

    it('a party name over 5 lines of 35 is cut to 175 characters with a warning, never written out of spec', async () => {
      process.on('warning', listener);
      const name = `Công ty ${'Nông sản '.repeat(20)}`.trim(); // 187 characters: the contract allows 200
      const body = codec.encodeNotice(noticeEnvelope({ parties: [{ role: 'exporter', country: 'VN', name, taxId: '0100109106' }] }));
      expect(breaches(body)).toEqual([]);
      await new Promise((r) => setImmediate(r));
      expect(warnings.some((w) => /NAD\+EX: name of \d+ characters cut to 175/.test(w))).toBe(true);
    });

    it('a sender id over 35 characters is refused (an interchange party cannot be cut)', () => {
      const env = { ...noticeEnvelope(), sender: `borderflow.${'k'.repeat(30)}` };
      expect(() => codec.encodeNotice(env)).toThrow(/sender id .* longer than UNB's 35 characters/);
    });
  });
});

describe('character sets: UNOC (ISO 8859-1) as ISO 8859-1, UNOW as UTF-8', () => {
  const head = (charset: string) =>
    `UNA:+.? 'UNB+${charset}+vn-customs.13bb:ZZZ+borderflow.kt:ZZZ+20250601:0840+6F1C2B9E8D4A4C++CUSRES'UNH+1+CUSRES:D:96B:UN:BF1.0'BGM+ZAD+6f1c2b9e8d4a4c7e9b1f2a3d4e5f6a7b+9'DTM+137:20250601084002:204'LOC+22+KT::ZZZ'RFF+ACW:trip_01JX2K'DTM+182:20250601084000:204'RFF+ABT:305123456781'NAD+MS+customs::ZZZ'GIS+CHA:ZST'GIS+3D:ZCH::red'FTX+AAI+++`;
  const tail = `'AUT+${'0f'.repeat(32)}+k2025-06'UNT+13+1'UNZ+1+6F1C2B9E8D4A4C'`;

  it('decodes a UNOC body byte for byte as Latin-1 (as UTF-8, ê would become U+FFFD)', () => {
    const note = 'Nguyên, café, Hùng, Trà';
    const raw = Buffer.from(head('UNOC:3') + note + tail, 'latin1');
    expect(raw.includes(0xea)).toBe(true); // one byte per character: ISO 8859-1
    expect(raw.toString('utf8')).toContain('\uFFFD');
    expect(codec.decodeDecisions(codec.bodyText!(raw))[0]?.payload.note).toBe(note);
  });

  it('decodes a UNOW body as UTF-8 and refuses bytes that are not UTF-8', () => {
    const note = 'Nguyễn Văn An, 河口';
    expect(codec.decodeDecisions(edifactText(Buffer.from(head('UNOW:4') + note + tail, 'utf8')))[0]?.payload.note).toBe(note);
    const bad = Buffer.concat([Buffer.from(head('UNOW:4')), Buffer.from([0xea, 0x41]), Buffer.from(tail)]);
    expect(() => edifactText(bad)).toThrow(CodecError);
    expect(() => edifactText(bad)).toThrow(/declares UNOW .* not valid UTF-8/);
  });

  it('refuses a character set it cannot decode, naming it', () => {
    expect(() => edifactText(Buffer.from(head('UNOX:4') + 'x' + tail))).toThrow(/unsupported character set UNOX/);
  });
});
