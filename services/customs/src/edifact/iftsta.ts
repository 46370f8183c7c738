/**
 * GateEventMessage ↔ IFTSTA (international multimodal status report, D.96B
 * directory, our MIG `BF1.0`): the status event (STS) of one trip (CNI) at
 * the gate, with the truck (TDT), trailer (EQD+TE), declarations (RFF+ABT),
 * the event's details and the sensors' evidence. BorderFlow-specific data
 * uses mutually defined Z-qualifiers, listed in README.md.
 */
import type { GateEventEnvelope, GateEventMessage, GateEvidence } from '@borderflow/contracts';
import { definedFields } from '../codec.ts';
import { comp, seg, type Segment } from './edifact-syntax.ts';
import { freeText, readFreeText, reference35, resolveReference } from './edifact-lengths.ts';
import { MessageSegments, dtm, fail, headSegments, readTime, signatureSegments } from './edifact-interchange.ts';

export const EVENT_CODE = {
  gate_in: 'GIN',
  lane_assigned: 'LAS',
  weighed: 'WGH',
  inspection_started: 'INS',
  inspection_done: 'IND',
  seal_changed: 'SEA',
  gate_out: 'GOU',
  border_crossed: 'BCR',
  turned_back: 'TBK',
  exception: 'EXC',
} as const;
const STAGE_CODE = { gate: 'GAT', documents: 'DOC', xray: 'XRY', physical: 'PHY', quarantine: 'QUA', weighbridge: 'WGB' } as const;
const RESULT_CODE = { cleared: 'CLR', held: 'HLD', turned_back: 'TBK' } as const;
const TARGET_CODE = { truck: 'TRK', trailer: 'TRL' } as const;
const SEAL_CODE = { removed: 'ZRM', added: 'ZAD' } as const;

function decode(o: Record<string, string>, code: string, what: string, where: string): string {
  return Object.entries(o).find(([, v]) => v === code)?.[0] ?? fail(`${where}: unknown ${what} code ${code}`);
}

const num = (v: number | null | undefined) => (v === null || v === undefined ? '' : String(v));

function evidenceSegments(e: GateEvidence): Segment[] {
  return [
    seg('GIS', ['EVD', 'ZEV']),
    ...e.plateReads.map((r) => seg('FTX', 'ZPR', TARGET_CODE[r.target], r.source, [r.plate, r.confidence])),
    ...e.containerReads.map((r) => seg('FTX', 'ZCN', '', r.source, [r.number, r.confidence])),
    ...e.sealReads.map((r) => seg('FTX', 'ZSL', '', r.source, [r.containerNumber, r.seal, r.confidence])),
    ...(e.weight ? [seg('MEA', 'ZEV', 'G', ['KGM', e.weight.grossKg]), ...(e.weight.source ? [seg('FTX', 'ZWS', '', e.weight.source)] : [])] : []),
  ];
}

function detailSegments(m: GateEventMessage): Segment[] {
  const stage = (s: keyof typeof STAGE_CODE) => seg('GIS', [STAGE_CODE[s], 'ZSG']);
  switch (m.type) {
    case 'lane_assigned':
    case 'inspection_started':
      return [stage(m.stage)];
    case 'inspection_done':
      return [stage(m.stage), seg('GIS', [RESULT_CODE[m.result], 'ZRS']), ...(m.note ? freeText('AAI', m.note) : [])];
    case 'weighed':
      return [seg('MEA', 'AAE', 'G', ['KGM', m.weight.grossKg]), ...(m.weight.source ? [seg('FTX', 'ZWT', '', m.weight.source)] : [])];
    case 'turned_back':
      return freeText('ZTB', m.reason);
    case 'exception':
      return [
        seg('GIS', [EVENT_CODE[m.attempted], 'ZAT']),
        // C108 holds 5 lines of an..70: the mismatch's fields in FTX+ZMM, its message in the FTX+ZMX after it.
        ...m.mismatches.flatMap((x) => [seg('FTX', 'ZMM', '', '', [x.rule, x.field, x.expected, x.read, num(x.confidence)]), ...freeText('ZMX', x.message)]),
      ];
    default:
      return [];
  }
}

/** Seal changes come last: each EQD+CN group takes the SEL and FTX+ZCR segments after it. */
function sealChangeSegments(m: GateEventMessage): Segment[] {
  if (m.type !== 'seal_changed') return [];
  return m.changes.flatMap((c) => [
    seg('EQD', 'CN', c.containerNumber),
    ...c.removed.map((s) => seg('SEL', s, '', SEAL_CODE.removed)),
    ...c.added.map((s) => seg('SEL', s, '', SEAL_CODE.added)),
    ...freeText('ZCR', c.reason),
  ]);
}

/**
 * The IFTSTA body (between UNH and UNT) of one gate-event envelope.
 *
 * @example
 * iftstaSegments(envelope); // [BGM+23, DTM+137, LOC+22, RFF+ACW, CNI, STS, RFF+ABO, DTM+334, TDT, …, AUT]
 */
export function iftstaSegments(env: GateEventEnvelope): Segment[] {
  const m = env.payload;
  return [
    ...headSegments(env, '23', '9'),
    seg('CNI', '1', reference35(m.tripId)),
    seg('STS', '1', EVENT_CODE[m.type]),
    seg('RFF', ['ABO', reference35(m.eventId)]),
    ...dtm('334', m.occurredAt),
    ...(m.laneId ? [seg('LOC', 'ZLN', m.laneId)] : []),
    seg('TDT', '20', '', '3', '31', '', '', '', m.plate),
    ...(m.trailerPlate ? [seg('EQD', 'TE', m.trailerPlate)] : []),
    ...m.declarationKeys.map((k) => seg('RFF', ['ABT', k])),
    ...detailSegments(m),
    ...(m.evidence ? evidenceSegments(m.evidence) : []),
    ...sealChangeSegments(m),
    ...signatureSegments(env, [['CNI', m.tripId], ['ABO', m.eventId]]),
  ];
}

function evidenceOf(m: MessageSegments): Record<string, unknown> | undefined {
  if (!m.all('GIS').some((s) => comp(s, 0) === 'EVD' && comp(s, 0, 1) === 'ZEV')) return undefined;
  const weight = m.opt('MEA', 'ZEV');
  return {
    plateReads: m.all('FTX', 'ZPR').map((f) =>
      definedFields({ target: decode(TARGET_CODE, comp(f, 1), 'plate target', m.where), plate: comp(f, 3), confidence: Number(comp(f, 3, 1)), source: comp(f, 2) || undefined }),
    ),
    containerReads: m.all('FTX', 'ZCN').map((f) => definedFields({ number: comp(f, 3), confidence: Number(comp(f, 3, 1)), source: comp(f, 2) || undefined })),
    sealReads: m.all('FTX', 'ZSL').map((f) =>
      definedFields({ containerNumber: comp(f, 3), seal: comp(f, 3, 1), confidence: Number(comp(f, 3, 2)), source: comp(f, 2) || undefined }),
    ),
    weight: weight ? definedFields({ grossKg: Number(comp(weight, 2, 1)), source: comp(m.opt('FTX', 'ZWS'), 2) || undefined }) : null,
  };
}

function detailOf(type: string, m: MessageSegments): Record<string, unknown> {
  const gis = (list: string) => m.all('GIS').find((s) => comp(s, 0, 1) === list);
  const stage = () => decode(STAGE_CODE, comp(gis('ZSG'), 0), 'stage', m.where);
  switch (type) {
    case 'lane_assigned':
    case 'inspection_started':
      return { stage: stage() };
    case 'inspection_done': {
      const note = m.all('FTX', 'AAI');
      return definedFields({ stage: stage(), result: decode(RESULT_CODE, comp(gis('ZRS'), 0), 'result', m.where), note: note.length ? readFreeText(note) : undefined });
    }
    case 'weighed':
      return { weight: definedFields({ grossKg: Number(comp(m.one('MEA', 'AAE'), 2, 1)), source: comp(m.opt('FTX', 'ZWT'), 2) || undefined }) };
    case 'turned_back':
      m.one('FTX', 'ZTB'); // required: a missing reason fails naming the segment
      return { reason: readFreeText(m.all('FTX', 'ZTB')) };
    case 'exception':
      return {
        attempted: decode(EVENT_CODE, comp(gis('ZAT'), 0), 'attempted event', m.where),
        mismatches: m.groups('FTX', ['FTX'], 'ZMM').map(([f, ...message]) => ({
          rule: comp(f, 3),
          field: comp(f, 3, 1),
          expected: comp(f, 3, 2) || null,
          read: comp(f, 3, 3) || null,
          confidence: comp(f, 3, 4) === '' ? null : Number(comp(f, 3, 4)),
          message: readFreeText(message.filter((s) => comp(s, 0) === 'ZMX')),
        })),
      };
    case 'seal_changed':
      return {
        changes: m.groups('EQD', ['SEL', 'FTX'], 'CN').map((g) => {
          const sels = (code: string) => g.filter((s) => s.tag === 'SEL' && comp(s, 2) === code).map((s) => comp(s, 0));
          return { containerNumber: comp(g[0], 1), removed: sels(SEAL_CODE.removed), added: sels(SEAL_CODE.added), reason: readFreeText(g.filter((s) => s.tag === 'FTX' && comp(s, 0) === 'ZCR')) };
        }),
      };
    default:
      return {};
  }
}

/** Reads an IFTSTA body into an unvalidated GateEventMessage payload. */
export function iftstaPayload(m: MessageSegments): Record<string, unknown> {
  const type = decode(EVENT_CODE, comp(m.one('STS'), 1), 'event', m.where);
  return definedFields({
    type,
    eventId: resolveReference(comp(m.one('RFF', 'ABO'), 0, 1), 'ABO', m.segments, m.where),
    tripId: resolveReference(comp(m.one('CNI'), 1), 'CNI', m.segments, m.where),
    occurredAt: readTime(m, '334', 'occurredAt'),
    plate: comp(m.one('TDT', '20'), 7),
    trailerPlate: comp(m.opt('EQD', 'TE'), 1) || null,
    laneId: comp(m.opt('LOC', 'ZLN'), 1) || null,
    declarationKeys: m.all('RFF', 'ABT').map((r) => comp(r, 0, 1)),
    ...detailOf(type, m),
    evidence: evidenceOf(m),
  });
}
