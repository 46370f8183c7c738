/**
 * The interchange around our messages (UNB … UNZ, UNH … UNT with their
 * counts) and the envelope fields every message of our MIG carries: BGM
 * (message id), DTM+137 (sentAt), LOC+22 (gate), RFF+ACW (correlation) and,
 * last before UNT, AUT (the envelope signature). See README.md.
 */
import type { AgencyMessageKind, EnvelopeHeader } from '@borderflow/contracts';
import { CodecError } from '../codec.ts';
import { interchangeId, fullReference, reference35, resolveReference } from './edifact-lengths.ts';
import { EDIFACT_CODEC, comp, readEdifact, seg, writeEdifact, type Segment } from './edifact-syntax.ts';

/** Directory of the messages (UNH S009) and our message implementation guide id (association code). */
export const DIRECTORY = { version: 'D', release: '96B', agency: 'UN' } as const;
/** `BF` + the contract's schemaVersion: the association-assigned code names our MIG and its version. */
export const ASSOCIATION_PREFIX = 'BF';

export const MESSAGE_TYPE_OF: Record<AgencyMessageKind, string> = {
  movement_notice: 'CUSDEC',
  agency_decision: 'CUSRES',
  gate_event: 'IFTSTA',
};

export function fail(message: string): never {
  throw new CodecError(EDIFACT_CODEC, message);
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?\+07:00$/;

/** Qualifier of our DTM that carries the fractional seconds of the DTM just before it. */
const FRACTION = 'ZFS';

/**
 * A +07:00 time as `DTM+<q>:CCYYMMDDHHMMSS:204` (D.96B 2379 code 204, local Vietnam time), the
 * form every reader knows. Fractional seconds, which the envelope signature covers, follow in a
 * mutually defined `DTM+ZFS:<digits>` so the envelope still round-trips byte for byte.
 *
 * @example
 * dtm('137', '2025-06-01T08:30:05.250+07:00'); // [DTM+137:20250601083005:204, DTM+ZFS:250]
 */
export function dtm(qualifier: string, iso: string): Segment[] {
  const m = ISO.exec(iso) ?? fail(`time ${iso} is not in +07:00`);
  const base = seg('DTM', [qualifier, m.slice(1, 7).join(''), '204']);
  return m[7] === undefined ? [base] : [base, seg('DTM', [FRACTION, m[7]])];
}

/**
 * Reads the time written by {@link dtm} for `qualifier` back to the ISO text (with its
 * fraction). The older `…SS.fff:Z04` form is still read.
 */
export function readTime(m: MessageSegments, qualifier: string, what: string): string {
  const at = m.segments.findIndex((s) => s.tag === 'DTM' && comp(s, 0) === qualifier);
  if (at < 0) fail(`${m.where}: segment DTM+${qualifier} is missing`);
  const s = m.segments[at];
  const next = m.segments[at + 1];
  const value = comp(s, 0, 1);
  const format = comp(s, 0, 2);
  const t = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:\.(\d+))?$/.exec(value);
  if (!t || (format !== '204' && format !== 'Z04') || (format === 'Z04') !== (t[7] !== undefined)) {
    fail(`${what}: DTM ${qualifier} must be CCYYMMDDHHMMSS (format 204), got ${value}:${format}`);
  }
  let fraction = t[7];
  if (next?.tag === 'DTM' && comp(next, 0) === FRACTION) {
    fraction = comp(next, 0, 1);
    if (format !== '204' || !/^\d+$/.test(fraction)) fail(`${what}: DTM+${FRACTION} must follow a 204 time with digits, got ${fraction}`);
  }
  return `${t[1]}-${t[2]}-${t[3]}T${t[4]}:${t[5]}:${t[6]}${fraction === undefined ? '' : `.${fraction}`}+07:00`;
}

/** A UUID in BGM 1004 (an..35): its 32 hex digits. */
const uuid32 = (id: string) => id.replace(/-/g, '').toLowerCase();
const uuid36 = (hex: string) =>
  /^[0-9a-f]{32}$/i.test(hex)
    ? `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`.toLowerCase()
    : hex;

/** BGM, DTM+137, LOC+22 and RFF+ACW (an..35: see edifact-lengths.ts): the envelope fields at the head of a message. */
export function headSegments(h: EnvelopeHeader, documentCode: string, messageFunction: string): Segment[] {
  return [
    seg('BGM', documentCode, uuid32(h.messageId), messageFunction),
    ...dtm('137', h.sentAt),
    seg('LOC', '22', [h.gateCode, '', 'ZZZ']),
    seg('RFF', ['ACW', reference35(h.correlationId)]),
  ];
}

/**
 * The tail of every message: the full form of any id whose 35-character reference cannot be read
 * back (`FTX+ZRF`, the correlation id's and those in `references`: [qualifier, id]), then AUT,
 * the envelope signature (9280 validation result = MAC, 9282 = key id).
 */
export function signatureSegments(h: EnvelopeHeader, references: ReadonlyArray<readonly [string, string]> = []): Segment[] {
  return [
    ...fullReference('ACW', h.correlationId),
    ...references.flatMap(([qualifier, id]) => fullReference(qualifier, id)),
    seg('AUT', h.signature.value, h.signature.keyId),
  ];
}

/** A message's segments between UNH and UNT, with lookups that fail naming the segment. */
export class MessageSegments {
  constructor(
    readonly segments: Segment[],
    readonly where: string,
  ) {}

  all(tag: string, qualifier?: string): Segment[] {
    return this.segments.filter((s) => s.tag === tag && (qualifier === undefined || comp(s, 0) === qualifier));
  }

  opt(tag: string, qualifier?: string): Segment | undefined {
    return this.all(tag, qualifier)[0];
  }

  one(tag: string, qualifier?: string): Segment {
    return this.opt(tag, qualifier) ?? fail(`${this.where}: segment ${tag}${qualifier ? `+${qualifier}` : ''} is missing`);
  }

  /** Segments of the part between section control UNS+<from> and UNS+<to> (or the ends). */
  section(from: 'start' | 'D' | 'S', to: 'D' | 'S' | 'end'): MessageSegments {
    const at = (q: string) => this.segments.findIndex((s) => s.tag === 'UNS' && comp(s, 0) === q);
    const start = from === 'start' ? 0 : at(from) + 1;
    const end = to === 'end' ? this.segments.length : at(to);
    if (start < 0 || end < 0) fail(`${this.where}: section control UNS+${from === 'start' ? to : from} is missing`);
    return new MessageSegments(this.segments.slice(start, end), this.where);
  }

  /** Groups that start at a `trigger` segment and take the following `members` segments. */
  groups(trigger: string, members: readonly string[], qualifier?: string): Segment[][] {
    const out: Segment[][] = [];
    let current: Segment[] | null = null;
    for (const s of this.segments) {
      if (s.tag === trigger && (qualifier === undefined || comp(s, 0) === qualifier)) {
        current = [s];
        out.push(current);
      } else if (current && members.includes(s.tag)) {
        current.push(s);
      } else {
        current = null;
      }
    }
    return out;
  }
}

/** Reads the envelope fields of one message (UNB gives sender and receiver). */
export function readHead(
  m: MessageSegments,
  kind: AgencyMessageKind,
  unb: { sender: string; receiver: string },
  association: string,
): Record<keyof EnvelopeHeader, unknown> {
  const bgm = m.one('BGM');
  const aut = m.one('AUT');
  return {
    messageId: uuid36(comp(bgm, 1)),
    correlationId: resolveReference(comp(m.one('RFF', 'ACW'), 0, 1), 'ACW', m.segments, m.where),
    schemaVersion: association.startsWith(ASSOCIATION_PREFIX) ? association.slice(ASSOCIATION_PREFIX.length) : association,
    kind,
    sentAt: readTime(m, '137', 'sentAt'),
    sender: unb.sender,
    receiver: unb.receiver,
    gateCode: comp(m.one('LOC', '22'), 1),
    signature: { algorithm: 'HMAC-SHA256', keyId: comp(aut, 1), value: comp(aut, 0) },
  };
}

export interface InterchangeInput {
  sender: string;
  receiver: string;
  /** +07:00 time for UNB's date and time of preparation. */
  preparedAt: string;
  /** Interchange control reference (an..14). */
  controlRef: string;
  kind: AgencyMessageKind;
  schemaVersion: string;
  /** Each message's segments without UNH and UNT. */
  messages: Segment[][];
}

/**
 * UNA, UNB (UNOW:4, i.e. UTF-8, syntax version 4), every message wrapped in
 * UNH/UNT with its segment count, and UNZ with the message count.
 */
export function writeInterchange(input: InterchangeInput, newline = false): string {
  const m = ISO.exec(input.preparedAt) ?? fail(`time ${input.preparedAt} is not in +07:00`);
  const type = MESSAGE_TYPE_OF[input.kind];
  const segments: Segment[] = [
    seg('UNB', ['UNOW', '4'], [interchangeId(input.sender, 'sender'), 'ZZZ'], [interchangeId(input.receiver, 'receiver'), 'ZZZ'], [`${m[1]}${m[2]}${m[3]}`, `${m[4]}${m[5]}`], input.controlRef, '', type),
  ];
  input.messages.forEach((body, i) => {
    const ref = String(i + 1);
    segments.push(
      seg('UNH', ref, [type, DIRECTORY.version, DIRECTORY.release, DIRECTORY.agency, `${ASSOCIATION_PREFIX}${input.schemaVersion}`]),
      ...body,
      seg('UNT', body.length + 2, ref),
    );
  });
  segments.push(seg('UNZ', input.messages.length, input.controlRef));
  return writeEdifact(segments, newline);
}

export interface ReadInterchange {
  sender: string;
  receiver: string;
  messages: Array<{ segments: MessageSegments; association: string }>;
}

/**
 * Parses an interchange of `kind` messages and checks its structure: UNH/UNT
 * pairs with matching references and segment counts, UNZ's message count and
 * control reference, the message type and directory.
 */
export function readInterchange(body: string, kind: AgencyMessageKind): ReadInterchange {
  const segments = readEdifact(body);
  const unb = segments[0];
  if (unb?.tag !== 'UNB') fail('an interchange must start with UNB (after an optional UNA)');
  const unz = segments[segments.length - 1];
  if (unz?.tag !== 'UNZ') fail('an interchange must end with UNZ');
  if (comp(unz, 1) !== comp(unb, 4)) fail(`UNZ control reference ${comp(unz, 1)} does not match UNB's ${comp(unb, 4)}`);
  const type = MESSAGE_TYPE_OF[kind];
  const messages: ReadInterchange['messages'] = [];
  let i = 1;
  while (i < segments.length - 1) {
    const unh = segments[i]!;
    if (unh.tag !== 'UNH') fail(`expected UNH at segment ${i + 1}, got ${unh.tag}`);
    const end = segments.findIndex((s, j) => j > i && s.tag === 'UNT');
    if (end < 0) fail(`message ${comp(unh, 0)} has no UNT`);
    const unt = segments[end]!;
    const where = `${type} ${comp(unh, 0)}`;
    if (comp(unh, 1) !== type) fail(`${where}: message type is ${comp(unh, 1)}, expected ${type}`);
    if (comp(unh, 1, 1) !== DIRECTORY.version || comp(unh, 1, 2) !== DIRECTORY.release) {
      fail(`${where}: directory ${comp(unh, 1, 1)}:${comp(unh, 1, 2)} is not ${DIRECTORY.version}:${DIRECTORY.release}`);
    }
    if (comp(unt, 1) !== comp(unh, 0)) fail(`${where}: UNT reference ${comp(unt, 1)} does not match UNH`);
    if (Number(comp(unt, 0)) !== end - i + 1) fail(`${where}: UNT counts ${comp(unt, 0)} segments, the message has ${end - i + 1}`);
    messages.push({ segments: new MessageSegments(segments.slice(i + 1, end), where), association: comp(unh, 1, 4) });
    i = end + 1;
  }
  if (Number(comp(unz, 0)) !== messages.length) fail(`UNZ counts ${comp(unz, 0)} messages, the interchange has ${messages.length}`);
  return { sender: comp(unb, 1), receiver: comp(unb, 2), messages };
}

/** Interchange control reference (an..14) from a message id: its first 14 hex digits, upper-cased. */
export function controlRefOf(messageId: string): string {
  return uuid32(messageId).slice(0, 14).toUpperCase();
}
