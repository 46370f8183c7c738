/**
 * The authority's side of each wire format, from services/customs' codecs:
 * it reads what BorderFlow sends (movement notices, gate events) and writes
 * decisions (with a cursor when polled).
 */
import type { AdapterKind, GateEventEnvelope, MovementNoticeEnvelope } from '@borderflow/contracts';
import { codecFor, type AgencyCodec } from '@borderflow/customs';

export type SimFormat = AgencyCodec;

/**
 * A notice or a gate event, whichever the body is (validated against the contract).
 *
 * @example
 * const incoming = decodeIncoming(codecFor('vnaccs'), body); // incoming.kind: 'movement_notice' | 'gate_event'
 */
export function decodeIncoming(codec: AgencyCodec, body: string): MovementNoticeEnvelope | GateEventEnvelope {
  // Gate events outnumber notices ten to one: try the likelier reading first (JSON/XML say
  // "gate_event", EDIFACT sends them as IFTSTA status reports).
  const likelyEvent = /gate_event|\+IFTSTA:/.test(body.slice(0, 2000));
  type Reader = (body: string) => MovementNoticeEnvelope | GateEventEnvelope;
  const notice: Reader = (b) => codec.decodeNotice(b);
  const event: Reader = (b) => codec.decodeGateEvent(b);
  const readers = likelyEvent ? [event, notice] : [notice, event];
  const errors: string[] = [];
  for (const read of readers) {
    try {
      return read(body);
    } catch (err) {
      errors.push(err instanceof Error ? err.message.split('\n')[0]! : String(err));
    }
  }
  throw new Error(`neither a movement notice nor a gate event: ${errors.join(' / ')}`);
}

export function simFormatFor(kind: AdapterKind): SimFormat {
  return codecFor(kind);
}
