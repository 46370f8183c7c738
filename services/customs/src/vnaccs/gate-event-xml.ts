/**
 * GateEventMessage ↔ `<GateEvent>`: customs' gate supervision (gate-in,
 * gate-out, inspections, seals) with the sensors' evidence, and `exception`
 * events for reads that do not match the trip.
 */
import type { GateEventMessage, GateEvidence } from '@borderflow/contracts';
import { XmlReader, defined, el, txt } from './xml-document.ts';

function evidenceToXml(e: GateEvidence): Record<string, unknown> {
  return el({
    PlateReads: {
      PlateRead: e.plateReads.map((r) => el({ '@_target': r.target, '@_confidence': txt(r.confidence), '@_source': r.source, '#text': r.plate })),
    },
    ContainerReads: {
      ContainerRead: e.containerReads.map((r) => el({ '@_confidence': txt(r.confidence), '@_source': r.source, '#text': r.number })),
    },
    SealReads: {
      SealRead: e.sealReads.map((r) =>
        el({ '@_container': r.containerNumber, '@_confidence': txt(r.confidence), '@_source': r.source, '#text': r.seal }),
      ),
    },
    Weight: e.weight ? el({ '@_source': e.weight.source, '#text': txt(e.weight.grossKg) }) : undefined,
  });
}

function evidenceFromXml(x: XmlReader): Record<string, unknown> {
  const text = (r: XmlReader) => r.opt('#text') ?? '';

  return {
    plateReads: x.list('PlateReads', 'PlateRead').map((r) =>
      defined({ target: r.req('@_target'), plate: text(r), confidence: r.num('@_confidence'), source: r.opt('@_source') }),
    ),
    containerReads: x.list('ContainerReads', 'ContainerRead').map((r) =>
      defined({ number: text(r), confidence: r.num('@_confidence'), source: r.opt('@_source') }),
    ),
    sealReads: x.list('SealReads', 'SealRead').map((r) =>
      defined({ containerNumber: r.req('@_container'), seal: text(r), confidence: r.num('@_confidence'), source: r.opt('@_source') }),
    ),
    weight: x.has('Weight') ? defined({ grossKg: Number(x.req('Weight')), source: x.attr('Weight', 'source') }) : null,
  };
}

/** Type-specific elements of each event type. */
function detailToXml(m: GateEventMessage): Record<string, unknown> {
  switch (m.type) {
    case 'lane_assigned':
    case 'inspection_started':
      return { Stage: m.stage };
    case 'inspection_done':
      return el({ Stage: m.stage, Result: m.result, Note: m.note });
    case 'weighed':
      return { GrossKg: el({ '@_source': m.weight.source, '#text': txt(m.weight.grossKg) }) };
    case 'seal_changed':
      return {
        Changes: {
          Change: m.changes.map((c) => ({ '@_container': c.containerNumber, Removed: c.removed, Added: c.added, Reason: c.reason })),
        },
      };
    case 'turned_back':
      return { Reason: m.reason };
    case 'exception':
      return {
        Attempted: m.attempted,
        Mismatches: {
          Mismatch: m.mismatches.map((x) =>
            el({
              '@_rule': x.rule,
              '@_field': x.field,
              '@_confidence': txt(x.confidence),
              Expected: x.expected,
              Read: x.read,
              Message: x.message,
            }),
          ),
        },
      };
    default:
      return {};
  }
}

function detailFromXml(type: string, x: XmlReader): Record<string, unknown> {
  switch (type) {
    case 'lane_assigned':
    case 'inspection_started':
      return { stage: x.req('Stage') };
    case 'inspection_done':
      return defined({ stage: x.req('Stage'), result: x.req('Result'), note: x.opt('Note') });
    case 'weighed':
      return { weight: defined({ grossKg: Number(x.req('GrossKg')), source: x.attr('GrossKg', 'source') }) };
    case 'seal_changed':
      return {
        changes: x.list('Changes', 'Change').map((c) => {
          const seals = (name: string) => (c.has(name) ? ([] as string[]).concat(c.node[name] as string | string[]) : []);
          return { containerNumber: c.req('@_container'), removed: seals('Removed'), added: seals('Added'), reason: c.req('Reason') };
        }),
      };
    case 'turned_back':
      return { reason: x.req('Reason') };
    case 'exception':
      return {
        attempted: x.req('Attempted'),
        mismatches: x.list('Mismatches', 'Mismatch').map((r) => ({
          rule: r.req('@_rule'),
          field: r.req('@_field'),
          expected: r.opt('Expected') ?? null,
          read: r.opt('Read') ?? null,
          confidence: r.optNum('@_confidence') ?? null,
          message: r.req('Message'),
        })),
      };
    default:
      return {};
  }
}

/**
 * @example
 * gateEventToXml(event); // { '@_type': 'gate_in', '@_eventId': 'KT:101', TripId: …, … }
 */
export function gateEventToXml(m: GateEventMessage): Record<string, unknown> {
  return el({
    '@_type': m.type,
    '@_eventId': m.eventId,
    TripId: m.tripId,
    OccurredAt: m.occurredAt,
    Plate: m.plate,
    TrailerPlate: m.trailerPlate,
    LaneId: m.laneId,
    DeclarationKeys: { DeclarationKey: m.declarationKeys },
    ...detailToXml(m),
    Evidence: m.evidence ? evidenceToXml(m.evidence) : undefined,
  });
}

/** Reads `<GateEvent>` into an unvalidated payload. */
export function gateEventFromXml(x: XmlReader): Record<string, unknown> {
  const type = x.req('@_type');
  const evidence = x.optChild('Evidence');
  return defined({
    type,
    eventId: x.req('@_eventId'),
    tripId: x.req('TripId'),
    occurredAt: x.req('OccurredAt'),
    plate: x.req('Plate'),
    trailerPlate: x.opt('TrailerPlate') ?? null,
    laneId: x.opt('LaneId') ?? null,
    declarationKeys: x.texts('DeclarationKeys', 'DeclarationKey'),
    ...detailFromXml(type, x),
    evidence: evidence ? evidenceFromXml(evidence) : undefined,
  });
}
