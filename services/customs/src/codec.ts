/**
 * A wire format an agency speaks: how our envelopes become request bodies and
 * how the agency's bodies become envelopes again. Codecs are pure and
 * synchronous (no I/O), so the outbound queue, the inbound endpoint, the
 * customs-authority simulator and the tests all use the same ones.
 *
 * BorderFlow's side needs `encodeNotice`, `encodeGateEvent` and
 * `decodeDecisions` (the shape `AdapterCodec` in codec-registry.ts asks for);
 * the authority's side (simulator, round-trip tests) needs the other three.
 * Every decoder validates with the contract's zod schema and throws
 * `CodecError` (or a ZodError naming the field) on a body it cannot read.
 */
import type { AgencyDecisionEnvelope, GateEventEnvelope, MovementNoticeEnvelope } from '@borderflow/contracts';

export interface AgencyCodec {
  /** Stable name, e.g. `vnaccs-xml`, `edifact`. */
  readonly name: string;
  /** HTTP Content-Type of the bodies this codec writes. */
  readonly contentType: string;
  /** Outbound: a movement notice to the agency. */
  encodeNotice(envelope: MovementNoticeEnvelope): string;
  /** Outbound: a gate event (gate-in, gate-out, …) to the agency. */
  encodeGateEvent(envelope: GateEventEnvelope): string;
  /**
   * Inbound bytes to the text the decoders read. Optional: without it the body is UTF-8. EDIFACT
   * declares its own character set (UNOC = ISO 8859-1) inside the body.
   */
  bodyText?(raw: Uint8Array): string;
  /** Inbound: every decision in a callback or polling body, in document order. */
  decodeDecisions(body: string): AgencyDecisionEnvelope[];
  /** The polling cursor a decisions body carries (to ask for what follows it), or null. */
  decisionCursor(body: string): string | null;
  /** Authority side: reads a notice body we sent. */
  decodeNotice(body: string): MovementNoticeEnvelope;
  /** Authority side: reads a gate-event body we sent. */
  decodeGateEvent(body: string): GateEventEnvelope;
  /** Authority side: a callback or polling body carrying decisions (and a cursor when polling). */
  encodeDecisions(envelopes: readonly AgencyDecisionEnvelope[], cursor?: string | null): string;
}

/** A body that is not a well-formed message of the codec's format (before any field validation). */
export class CodecError extends Error {
  override readonly name = 'CodecError';
  constructor(
    readonly codec: string,
    message: string,
  ) {
    super(`${codec}: ${message}`);
  }
}

/**
 * Leaves `undefined` out of a decoded payload but keeps `null`, so an absent
 * optional field and an explicit "none" stay different after a round trip.
 *
 * @example
 * definedFields({ a: 1, b: undefined, c: null }); // { a: 1, c: null }
 */
export function definedFields(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
}
