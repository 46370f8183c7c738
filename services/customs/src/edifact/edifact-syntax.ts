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

/**
 * The service string advice we write. We write syntax version 4 (UNB `UNOW:4`), whose advice
 * names a repetition separator in position 8: `*` is ISO 9735-1:2002's default (§5). A version 3
 * interchange has a space there ("reserved for future use"). Component `:`, element `+`,
 * decimal `.`, release `?`, repetition `*`, segment `'`.
 */
export const UNA = "UNA:+.?*'";
/** The advice of a syntax version 3 interchange (position 8 reserved, a space). */
export const UNA_V3 = "UNA:+.? '";

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
 * Escapes the five service characters of syntax version 4 (`? ' + :` and the repetition
 * separator `*`) with the release character. Control characters (line breaks, tabs) are not in
 * any EDIFACT character set and readers skip them, so they become spaces: EDIFACT free text is
 * one line.
 *
 * @example
 * escapeEdifact("A*B+C"); // "A?*B?+C"
 */
export function escapeEdifact(value: string): string {
  return value.replace(/[\u0000-\u001f\u007f]/g, ' ').replace(/[?'+:*]/g, (c) => `?${c}`);
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
 * writeEdifact([seg('UNZ', 1, 'ICR1')]); // "UNA:+.?*'UNZ+1+ICR1'"
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
 * node-edifact reads only a syntax version 3 advice (position 8 a space) and knows no
 * repetition separator. A version 4 advice (`UNA:+.?*'`) is accepted here: its repetition
 * separator is checked to be unused (no D.96B element we read repeats; a released `?*` is data),
 * and the advice handed to node-edifact with a space in position 8.
 */
function acceptRepetitionSeparator(body: string): string {
  if (!body.startsWith('UNA') || body.length < 9 || body.charAt(7) === ' ') return body;
  const [release, repetition] = [body.charAt(6), body.charAt(7)];
  const rest = body.slice(9);
  for (let i = 0; i < rest.length; i++) {
    if (rest.charAt(i) === release) i++;
    else if (rest.charAt(i) === repetition) {
      throw new CodecError(EDIFACT_CODEC, `repetition separator ${repetition} used at character ${i + 10}: no element of these messages repeats (release it as ${release}${repetition} in data)`);
    }
  }
  return `${body.slice(0, 7)} ${body.slice(8)}`;
}

/**
 * Parses an interchange into segments with node-edifact. Both service string advices are
 * accepted: `UNA:+.? '` (syntax version 3) and `UNA:+.?*'` (version 4).
 *
 * @example
 * readEdifact("UNA:+.?*'UNB+UNOW:4+A+B+20250601:0830+1'…"); // [{ tag: 'UNB', elements: [['UNOW','4'], ['A'], …] }, …]
 */
export function readEdifact(text: string): Segment[] {
  const body = acceptRepetitionSeparator(text.trim());
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
    parser.write(body);
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
