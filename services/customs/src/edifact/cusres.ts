/**
 * AgencyDecisionMessage ↔ CUSRES (D.96B directory, our MIG `BF1.0`): one
 * CUSRES message per decision; a callback or poll may carry several in one
 * interchange. The raw channel code (`3D`) travels as sent, its colour beside
 * it. Segment by segment in README.md.
 */
import type { AgencyDecisionEnvelope } from '@borderflow/contracts';
import { definedFields } from '../codec.ts';
import { chunks, comp, seg, type Segment } from './edifact-syntax.ts';
import { freeText, readFreeText, reference35, resolveReference } from './edifact-lengths.ts';
import { MessageSegments, dtm, fail, headSegments, readTime, signatureSegments } from './edifact-interchange.ts';

/** BGM document name code of our decision messages (mutually defined: "agency decision"). */
const DOCUMENT = 'ZAD';

/** Our code lists (GIS 7365 with code list qualifier 1131 ZST, ZIM). */
export const STATUS_CODE = {
  registered: 'REG',
  channel_assigned: 'CHA',
  documents_required: 'DOC',
  inspection_required: 'INS',
  released: 'REL',
  cleared: 'CLR',
  cancelled: 'CAN',
  manual: 'MAN',
} as const;
export const MODE_CODE = { documents: 'DOC', xray: 'XRY', physical: 'PHY', quarantine: 'QUA' } as const;
const HOLD_CODE = { place: 'PLA', release: 'RLS' } as const;

const byCode = <V extends string>(o: Record<string, V>, code: string, what: string, where: string): string =>
  Object.entries(o).find(([, v]) => v === code)?.[0] ?? fail(`${where}: unknown ${what} code ${code}`);

/**
 * The CUSRES body (between UNH and UNT) of one decision envelope.
 *
 * @example
 * cusresSegments(envelope); // [BGM, DTM+137, LOC, RFF+ACW, DTM+182, RFF+ABT, NAD+MS, GIS…, FTX…, AUT]
 */
export function cusresSegments(env: AgencyDecisionEnvelope): Segment[] {
  const d = env.payload;
  return [
    ...headSegments(env, DOCUMENT, '9'),
    ...dtm('182', d.decidedAt),
    seg('RFF', ['ABT', `${d.declarationKey}${d.amendment}`]),
    ...(d.reference ? [seg('RFF', ['ABO', reference35(d.reference)])] : []),
    seg('NAD', 'MS', [d.agency, '', 'ZZZ']),
    seg('GIS', [STATUS_CODE[d.status], 'ZST']),
    ...(d.channel ? [seg('GIS', [d.channel.code, 'ZCH', '', d.channel.color])] : []),
    ...d.inspectionModes.map((mode) => seg('GIS', [MODE_CODE[mode], 'ZIM'])),
    ...d.holds.map((h) => seg('FTX', 'ZHL', HOLD_CODE[h.action], h.holdId, chunks(h.reason, 70))),
    ...(d.note ? freeText('AAI', d.note) : []),
    ...signatureSegments(env, d.reference ? [['ABO', d.reference]] : []),
  ];
}

/** Reads a CUSRES body into an unvalidated AgencyDecisionMessage payload. */
export function cusresPayload(m: MessageSegments): Record<string, unknown> {
  const number = comp(m.one('RFF', 'ABT'), 0, 1);
  const gis = (list: string) => m.all('GIS').filter((s) => comp(s, 0, 1) === list);
  const channel = gis('ZCH')[0];
  const status = gis('ZST')[0] ?? fail(`${m.where}: GIS status (code list ZST) is missing`);
  const note = m.all('FTX', 'AAI');
  const reference = comp(m.opt('RFF', 'ABO'), 0, 1);
  return definedFields({
    agency: comp(m.one('NAD', 'MS'), 1),
    // The 12-digit declaration number: first 11 digits the key, the 12th the amendment.
    declarationKey: number.slice(0, 11),
    amendment: /^\d{12}$/.test(number) ? Number(number.charAt(11)) : Number.NaN,
    status: byCode(STATUS_CODE, comp(status, 0), 'status', m.where),
    decidedAt: readTime(m, '182', 'decidedAt'),
    channel: channel ? { code: comp(channel, 0), color: comp(channel, 0, 3) } : null,
    inspectionModes: gis('ZIM').map((s) => byCode(MODE_CODE, comp(s, 0), 'inspection mode', m.where)),
    holds: m.all('FTX', 'ZHL').map((f) => ({
      action: byCode(HOLD_CODE, comp(f, 1), 'hold action', m.where),
      holdId: comp(f, 2),
      reason: f.elements[3]?.join('') ?? '',
    })),
    reference: reference ? resolveReference(reference, 'ABO', m.segments, m.where) : undefined,
    note: note.length ? readFreeText(note) : undefined,
  });
}
