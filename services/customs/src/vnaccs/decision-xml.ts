/**
 * AgencyDecisionMessage ↔ `<Decision>`: VNACCS' channel ("phân luồng") and
 * clearance results (registered, released, cleared…), quarantine and border
 * guard holds. The raw channel code is kept as sent (`3D`); its colour is
 * carried too so a reader does not need our code table.
 */
import type { AgencyDecisionMessage } from '@borderflow/contracts';
import { XmlReader, defined, el, txt } from './xml-document.ts';

/**
 * @example
 * decisionToXml(decision); // { '@_agency': 'customs', DeclarationKey: '30512345678', … }
 */
export function decisionToXml(d: AgencyDecisionMessage): Record<string, unknown> {
  return el({
    '@_agency': d.agency,
    DeclarationKey: d.declarationKey,
    Amendment: txt(d.amendment),
    Status: d.status,
    DecidedAt: d.decidedAt,
    Channel: d.channel ? { '@_color': d.channel.color, '#text': d.channel.code } : undefined,
    InspectionModes: { Mode: d.inspectionModes },
    Holds: { Hold: d.holds.map((h) => ({ '@_action': h.action, '@_id': h.holdId, Reason: h.reason })) },
    Reference: d.reference,
    Note: d.note,
  });
}

/** Reads `<Decision>` into an unvalidated payload. */
export function decisionFromXml(x: XmlReader): Record<string, unknown> {
  const channel = x.optChild('Channel');
  return defined({
    agency: x.req('@_agency'),
    declarationKey: x.req('DeclarationKey'),
    amendment: x.num('Amendment'),
    status: x.req('Status'),
    decidedAt: x.req('DecidedAt'),
    // <Channel color="red">3D</Channel>; absent = this decision assigns no channel.
    channel: channel ? { code: x.req('Channel'), color: channel.req('@_color') } : null,
    inspectionModes: x.texts('InspectionModes', 'Mode'),
    holds: x.list('Holds', 'Hold').map((h) => ({ action: h.req('@_action'), holdId: h.req('@_id'), reason: h.req('Reason') })),
    reference: x.opt('Reference'),
    note: x.opt('Note'),
  });
}
