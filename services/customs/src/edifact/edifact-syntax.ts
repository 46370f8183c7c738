/**
 * The UN/EDIFACT syntax layer. Reading is done by `edifact` (node-edifact):
 * it tokenises the interchange, applies the UNA delimiters and the release
 * character, and checks characters against the declared character set. No
 * maintained npm library writes EDIFACT, so writing is the few lines below:
 * release-escape `? ' + :`, join components and elements, drop trailing empty
 * ones (ISO 9735 §7.1), terminate segments.
 */
import { CodecError } from '../codec.ts';
import { newEdifactParser, type EncodingLevel } from './node-edifact.ts';

export const EDIFACT_CODEC = 'edifact';

/** A segment: its tag and its data elements, each a list of components. */
export interface Segment {
  tag: string;
  elements: string[][];
}

/** Element input for `seg`: a simple value, a composite, or empty. */
type ElementInput = string | number | undefined | null | ReadonlyArray<string | number | undefined | null>;

/** Delimiters we write: component `:`, element `+`, decimal `.`, release `?`, reserved ` `, segment `'`. */
export const UNA = "UNA:+.? '";

/**
 * Builds a segment, turning numbers into text and undefined/null into empty values.
 *
 * @example
 * seg('DTM', ['137', '20250601083005', '204']); // DTM+137:20250601083005:204
 */
export function seg(tag: string, ...elements: ElementInput[]): Segment {
  const comp = (v: string | number | undefined | null) => (v === undefined || v === null ? '' : String(v));
  return { tag, elements: elements.map((e) => (Array.isArray(e) ? e.map(comp) : [comp(e as string | number | undefined | null)])) };
}

/**
 * Escapes the four service characters with the release character. Control
 * characters (line breaks, tabs) are not in any EDIFACT character set and
 * readers skip them, so they become spaces: EDIFACT free text is one line.
 */
export function escapeEdifact(value: string): string {
  return value.replace(/[\u0000-\u001f\u007f]/g, ' ').replace(/[?'+:]/g, (c) => `?${c}`);
}

function trimTrailing<T>(list: T[], empty: (x: T) => boolean): T[] {
  let n = list.length;
  while (n > 0 && empty(list[n - 1]!)) n--;
  return list.slice(0, n);
}

/**
 * Serialises segments after the UNA service string advice. `newline` puts
 * each segment on its own line (readable logs; most receivers accept it).
 *
 * @example
 * writeEdifact([seg('UNZ', 1, 'ICR1')]); // "UNA:+.? 'UNZ+1+ICR1'"
 */
export function writeEdifact(segments: readonly Segment[], newline = false): string {
  const out = segments.map((s) => {
    const elements = trimTrailing(
      s.elements.map((components) => trimTrailing(components, (c) => c === '').map(escapeEdifact).join(':')),
      (e) => e === '',
    );
    return [s.tag, ...elements].join('+') + "'";
  });
  return UNA + (newline ? '\n' : '') + out.join(newline ? '\n' : '');
}

/**
 * The character set the UNB declares, as a level node-edifact checks. UNOW
 * (UTF-8, syntax 4) is checked as UNOY: the text is already decoded, so both
 * mean "any Unicode character".
 */
function encodingOf(body: string): EncodingLevel {
  const declared = /UNB\+(UNO[A-Z]|UCS2)/.exec(body)?.[1] ?? 'UNOA';
  if (declared === 'UNOW' || declared === 'UNOX' || declared === 'UNOY') return 'UNOY';
  if (declared === 'UNOA' || declared === 'UNOB' || declared === 'UNOC' || declared === 'UCS2') return declared;
  throw new CodecError(EDIFACT_CODEC, `unsupported character set ${declared} (use UNOW, UNOY, UNOC, UNOB or UNOA)`);
}

/**
 * Parses an interchange into segments with node-edifact.
 *
 * @example
 * readEdifact("UNA:+.? 'UNB+UNOW:4+A+B+20250601:0830+1'…"); // [{ tag: 'UNB', elements: [['UNOW','4'], ['A'], …] }, …]
 */
export function readEdifact(body: string): Segment[] {
  const parser = newEdifactParser();
  parser.encoding(encodingOf(body));
  const segments: Segment[] = [];
  let current: Segment | null = null;
  parser.on('opensegment', (tag) => {
    current = { tag, elements: [] };
    segments.push(current);
  });
  parser.on('element', () => current?.elements.push([]));
  parser.on('component', (data) => current?.elements[current.elements.length - 1]?.push(data));
  try {
    parser.write(body.trim());
    parser.end();
  } catch (err) {
    throw new CodecError(EDIFACT_CODEC, `not a well-formed interchange: ${(err as Error).message}`);
  }
  return segments;
}

/** Component `c` of element `e` (both 0-based after the tag), '' when absent. */
export function comp(s: Segment | undefined, e: number, c = 0): string {
  return s?.elements[e]?.[c] ?? '';
}

/** Splits text into chunks of at most `size` characters (code points, as EDIFACT counts in UNOW). */
export function chunks(text: string, size: number): string[] {
  const chars = [...text];
  const out: string[] = [];
  for (let i = 0; i < chars.length; i += size) out.push(chars.slice(i, i + size).join(''));
  return out;
}
