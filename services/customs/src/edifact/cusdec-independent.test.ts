/**
 * The CUSDEC we write, read by a parser our code never uses: `edi` (EDI.js),
 * a second npm EDIFACT library independent of both our writer and
 * node-edifact (which our decoders use). Its segments are checked against
 * the trip they describe, so a symmetric bug in our encoder and decoder
 * cannot hide here. EDI.js skips empty elements and components, so its
 * checks compare the non-empty values in order; positions (which element a
 * value sits in) are checked with node-edifact's tokenizer called directly,
 * not through our reader.
 */
import EDI from 'edi';
import { describe, expect, it } from 'vitest';
import { noticeEnvelope } from '../testing/codec-fixtures.ts';
import { edifactCodec } from './edifact-codec.ts';
import { newEdifactParser } from './node-edifact.ts';

describe('CUSDEC read by an independent EDIFACT parser (EDI.js)', () => {
  const env = noticeEnvelope();
  const trip = env.payload;
  const body = edifactCodec.encodeNotice(env);
  const doc = new EDI(body);
  const all = (tag: string) => doc.segments(`${tag}+`).map((s) => s.segment(tag));
  const text = (e: EDI) => e.toString();
  /** EDI.js view of a segment: its non-empty elements, each as its non-empty components. */
  const values = (segment: EDI): string[][] => {
    const out: string[][] = [];
    for (let e = 1; text(segment.element(e)) !== ''; e++) {
      const comps: string[] = [];
      for (let c = 0; text(segment.element(e).component(c)) !== ''; c++) comps.push(text(segment.element(e).component(c)));
      out.push(comps);
    }
    return out;
  };
  /** node-edifact's tokens (tag + elements with positions kept), straight from its Parser. */
  const positional = (() => {
    const parser = newEdifactParser();
    parser.encoding('UNOY');
    const segments: Array<{ tag: string; elements: string[][] }> = [];
    parser.on('opensegment', (tag) => segments.push({ tag, elements: [] }));
    parser.on('element', () => segments[segments.length - 1]!.elements.push([]));
    parser.on('component', (d) => segments[segments.length - 1]!.elements.at(-1)!.push(d));
    // node-edifact reads only a syntax 3 advice; ours is version 4 (`UNA:+.?*'`). Its default
    // delimiters are the same otherwise, so it reads the interchange without the advice.
    parser.write(body.replace(/^UNA.{6}/, ''));
    parser.end();
    return segments;
  })();

  it('UNH names CUSDEC of directory D.96B and our MIG', () => {
    const unh = doc.segment('UNH');
    expect(text(unh.element(1))).toBe('1');
    expect([0, 1, 2, 3, 4].map((i) => text(unh.element(2).component(i)))).toEqual(['CUSDEC', 'D', '96B', 'UN', 'BF1.0']);
  });

  it('BGM: export declaration, the message id, original', () => {
    const bgm = doc.segment('BGM');
    expect(text(bgm.element(1))).toBe('830');
    expect(text(bgm.element(2))).toBe(env.messageId.replace(/-/g, ''));
    expect(text(bgm.element(3))).toBe('9');
  });

  it('TDT: road transport by the trip’s truck and its nationality', () => {
    expect(values(doc.segment('TDT'))).toEqual([['20'], ['3'], ['31'], [trip.vehicle.plate, trip.vehicle.nationality]]);
    // Positions: 8051 stage 20, C220 mode 3 (road), C222 identification + nationality (8213, 8453).
    const tdt = positional.find((s) => s.tag === 'TDT')!;
    expect([tdt.elements[0]?.[0], tdt.elements[2]?.[0], tdt.elements[7]?.[0], tdt.elements[7]?.[4]]).toEqual(['20', '3', trip.vehicle.plate, 'VN']);
  });

  it('EQD: the trailer and every container; SEL: their seals', () => {
    const eqd = all('EQD').map((s) => [text(s.element(1)), text(s.element(2))]);
    expect(eqd).toEqual([['TE', trip.trailer!.plate], ...trip.containers.map((c) => ['CN', c.number])]);
    expect(all('SEL').map((s) => text(s.element(1)))).toEqual(trip.containers.flatMap((c) => c.seals));
  });

  it('NAD: each party with its tax id and name, and the driver', () => {
    const [ex, im] = trip.parties;
    expect(all('NAD').map(values)).toEqual([
      [['EX'], [ex!.taxId, 'MST', 'ZZZ'], [ex!.name], ['VN']],
      [['IM'], [im!.taxId, 'USC', 'ZZZ'], [im!.name], ['CN']],
      [['ZDR'], [trip.driver.fullName], ['VN']],
    ]);
    // Positions: 3035 party, C082 id, C080 name (4th element), 3207 country (9th).
    const nads = positional.filter((s) => s.tag === 'NAD').map((s) => [s.elements[0]?.[0], s.elements[1]?.[0], s.elements[3]?.[0], s.elements[8]?.[0]]);
    expect(nads).toEqual([
      ['EX', ex!.taxId, ex!.name, 'VN'],
      ['IM', im!.taxId, im!.name, 'CN'],
      ['ZDR', '', trip.driver.fullName, 'VN'],
    ]);
  });

  it('GID: one goods item per cargo line with its packages, HS code and weight', () => {
    const items = doc.segments('GID+');
    expect(items).toHaveLength(trip.cargo.length);
    items.forEach((item, i) => {
      const c = trip.cargo[i]!;
      expect(text(item.segment('GID').element(1))).toBe(String(i + 1));
      expect(text(item.segment('GID').element(2).component(0))).toBe(String(c.packages));
      expect(text(item.segment('PIA').element(2).component(0))).toBe(c.hsCode);
      expect(Number(text(item.segment('MEA').element(3).component(1)))).toBe(c.grossKg);
    });
    expect(text(doc.segment('CNT').element(1).component(1))).toBe(String(trip.cargo.length));
  });

  it('UNT counts the message’s segments (UNH to UNT) and closes UNH 1; UNZ closes UNB', () => {
    const lines = doc.lines().map(text).filter((l) => l !== '');
    const first = lines.findIndex((l) => l.startsWith('UNH+'));
    const last = lines.findIndex((l) => l.startsWith('UNT+'));
    const unt = doc.segment('UNT');
    expect(Number(text(unt.element(1)))).toBe(last - first + 1);
    expect(text(unt.element(2))).toBe('1');
    expect(text(doc.segment('UNZ').element(1))).toBe('1');
    expect(text(doc.segment('UNZ').element(2))).toBe(text(doc.segment('UNB').element(5)));
  });
});
