/**
 * Element lengths and repetitions of the D.96B directory and syntax version 4, kept on the way
 * out so that any EDIFACT reader accepts what we write:
 * - NAD C080 party name: 5 lines (3036) of an..35;
 * - FTX C108 text literal: 5 lines (4440) of an..70 per segment; longer text takes more FTX
 *   segments with the same qualifier (lossless);
 * - references (RFF C506 1154, CNI 1490) and UNB S002/S003 identification (0004): an..35.
 * Our ids are UUIDs (36 characters) or up to 64-128 characters by contract. A UUID travels as its
 * 32 hex digits; any other id longer than 35 is sent as a derived 35-character reference (its
 * first 26 characters, `.`, 8 hex digits of its SHA-256), and the full id goes with it in an
 * `FTX+ZRF+<qualifier>` segment, so the message still round-trips and a partner who echoes the
 * short reference can be matched by deriving it again. Data cut to fit raises a process warning
 * (type `EdifactWarning`); nothing is written out of spec.
 */
import { createHash } from 'node:crypto';
import { CodecError } from '../codec.ts';
import { chunks, comp, seg, type Segment } from './edifact-syntax.ts';

export const AN35 = 35;
const NAME_LINE = 35;
const NAME_LINES = 5;
const TEXT_LINE = 70;
const TEXT_LINES = 5;

/**
 * Reports data cut to fit the directory (a process warning, so logs and tests see it).
 *
 * @example
 * process.on('warning', (w) => { if (w.name === 'EdifactWarning') log(w.message); });
 */
export function edifactWarning(message: string): void {
  process.emitWarning(message, { type: 'EdifactWarning' });
}

/**
 * NAD C080: at most 5 lines of 35 characters; a longer name is cut with a warning.
 *
 * @example
 * nameLines('Công ty TNHH Nông sản Lào Cai', 'NAD+EX'); // ['Công ty TNHH Nông sản Lào Cai']
 */
export function nameLines(name: string, what: string): string[] {
  const lines = chunks(name, NAME_LINE);
  if (lines.length > NAME_LINES) {
    edifactWarning(`${what}: name of ${[...name].length} characters cut to ${NAME_LINE * NAME_LINES} (NAD C080 is 5 lines of an..35)`);
  }
  return lines.slice(0, NAME_LINES);
}

/**
 * Free text as FTX segments of at most 5 lines of 70 characters (C108), as many as it takes.
 *
 * @example
 * freeText('AAI', 'x'.repeat(400)).length; // 2
 */
export function freeText(qualifier: string, text: string, functionCode = '', reference = ''): Segment[] {
  const lines = chunks(text, TEXT_LINE);
  const out: Segment[] = [];
  for (let i = 0; i < lines.length; i += TEXT_LINES) out.push(seg('FTX', qualifier, functionCode, reference, lines.slice(i, i + TEXT_LINES)));
  return out.length ? out : [seg('FTX', qualifier, functionCode, reference, [])];
}

/** The text of FTX segments written by {@link freeText}, joined in order. */
export function readFreeText(segments: readonly Segment[]): string {
  return segments.map((s) => s.elements[3]?.join('') ?? '').join('');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * A reference of at most 35 characters for an id: a lower-case UUID as its 32 hex digits, an id
 * of up to 35 characters as itself, a longer one as its first 26 characters + `.` + 8 hex digits
 * of its SHA-256.
 *
 * @example
 * reference35('3b7e9c1a-5d2f-4e8b-9a6c-1f2e3d4c5b6a'); // '3b7e9c1a5d2f4e8b9a6c1f2e3d4c5b6a'
 */
export function reference35(id: string): string {
  if (UUID.test(id)) return id.replace(/-/g, '');
  if ([...id].length <= AN35) return id;
  return `${[...id].slice(0, 26).join('')}.${createHash('sha256').update(id).digest('hex').slice(0, 8)}`;
}

/** Reads a reference written by {@link reference35} back: 32 hex digits become the UUID. */
export function fromReference35(ref: string): string {
  return /^[0-9a-f]{32}$/.test(ref) ? `${ref.slice(0, 8)}-${ref.slice(8, 12)}-${ref.slice(12, 16)}-${ref.slice(16, 20)}-${ref.slice(20)}` : ref;
}

/**
 * The `FTX+ZRF+<qualifier>` segment that carries an id in full when its 35-character reference
 * cannot be read back to it (none when it can).
 */
export function fullReference(qualifier: string, id: string): Segment[] {
  return fromReference35(reference35(id)) === id ? [] : freeText('ZRF', id, qualifier);
}

/**
 * The id a reference stands for: from its `FTX+ZRF+<qualifier>` when present (checked against the
 * reference), else read back from the reference itself.
 */
export function resolveReference(ref: string, qualifier: string, all: readonly Segment[], where: string): string {
  const full = all.filter((s) => s.tag === 'FTX' && comp(s, 0) === 'ZRF' && comp(s, 1) === qualifier);
  if (full.length === 0) return fromReference35(ref);
  const id = readFreeText(full);
  if (reference35(id) !== ref) throw new CodecError('edifact', `${where}: FTX+ZRF+${qualifier} carries ${id}, whose reference is not ${ref}`);
  return id;
}

/**
 * UNB S002/S003 identification (0004, an..35): an interchange party's id, which cannot be cut.
 *
 * @example
 * interchangeId('borderflow.kt', 'sender'); // 'borderflow.kt'
 */
export function interchangeId(id: string, what: 'sender' | 'receiver'): string {
  if ([...id].length > AN35) {
    throw new CodecError('edifact', `${what} id ${id} is longer than UNB's 35 characters (S002/S003 0004 an..35): use a shorter system id for EDIFACT partners`);
  }
  return id;
}
