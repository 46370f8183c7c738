/**
 * Fuzzy plate matching for the staging-yard check-in: plate cameras and tired eyes confuse
 * 0/O, 8/B, 1/I, 5/S (and 2/Z, 6/G). Given what was read and the plates the gate expects
 * (trips registered for it), suggest the trucks it most likely was, best first.
 *
 * Pure functions; no network. Shared by the console's check-in page and the device gateway's ANPR reads
 * (the server decides: POST /v1/gates/:gate/check-ins, or a person in the plate confirmation queue).
 */
import { checkVnPlate } from './identifiers/vn-plate.ts';

/** Characters a reader mistakes for each other, grouped; a swap inside a group is a misread, not a typo. */
const CONFUSABLE_GROUPS = ['0OQD', '8B', '1IL', '5S', '2Z', '6G'];
const GROUP_OF = new Map<string, number>();
CONFUSABLE_GROUPS.forEach((group, i) => {
  for (const ch of group) GROUP_OF.set(ch, i);
});

/** Cost of reading one character of a group as another (a full edit costs 1). */
const MISREAD_COST = 0.25;

/** How the match was made, for the operator's eye. */
export type MatchKind = 'exact' | 'misread' | 'typo';

export interface PlateCandidate {
  /** The expected plate (normalised, as the server stores it). */
  plate: string;
  kind: MatchKind;
  /** 0 = exact; a misread costs 0.25, any other edit 1. */
  distance: number;
}

/**
 * NFKC (full-width `云Ｇ１２３４５` as typed on a Chinese keyboard), then separators, spaces
 * and any Unicode dash stripped, upper-cased: `24c-123.45` → `24C12345`, as the server stores
 * plates (contracts' normaliseIdentifier). Letters and digits are never swapped here: that
 * is what the misread cost is for.
 *
 * @example
 * normalisePlate(' 24c-123.45 '); // "24C12345"
 */
export function normalisePlate(input: string): string {
  return input.normalize('NFKC').replace(/[-.·\s\u2010-\u2015\u2212]/g, '').toUpperCase();
}

function substitutionCost(a: string, b: string): number {
  if (a === b) return 0;
  const ga = GROUP_OF.get(a);
  return ga !== undefined && ga === GROUP_OF.get(b) ? MISREAD_COST : 1;
}

/**
 * Edit distance where a misread (0↔O, 8↔B, 1↔I, 5↔S, 2↔Z, 6↔G) costs 0.25 and any other
 * insertion, deletion or substitution costs 1.
 *
 * @example
 * plateDistance('24C1234S', '24C12345'); // 0.25
 * plateDistance('24C1234', '24C12345');  // 1
 */
export function plateDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  const cur = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + substitutionCost(a[i - 1]!, b[j - 1]!));
    }
    for (let j = 0; j <= b.length; j++) prev[j] = cur[j]!;
  }
  return prev[b.length]!;
}

/**
 * The keys under which a plate is indexed so that every plate `suggestPlates` could offer for a read
 * (any number of misreads plus at most one real edit) shares at least one key with that read: the
 * plate with each character replaced by its confusion group's first member, and that form with each
 * single character deleted. Misreads vanish in the group form; one substitution, insertion or deletion
 * leaves the two forms one deletion apart. The device gateway's per-gate plate index (a read looks up
 * a handful of keys instead of loading every expected plate) rests on this.
 *
 * @example
 * plateNeighbourhood('24C-I23.4S'); // ['24C12345', '4C12345', '2C12345', …]: the same keys as '24C12345'
 */
export function plateNeighbourhood(plate: string): string[] {
  const form = [...normalisePlate(plate)].map((ch) => {
    const group = GROUP_OF.get(ch);
    return group === undefined ? ch : CONFUSABLE_GROUPS[group]![0]!;
  }).join('');
  const keys = new Set([form]);
  for (let i = 0; i < form.length; i++) keys.add(form.slice(0, i) + form.slice(i + 1));
  return [...keys];
}

/**
 * Rewrites misread characters where the Vietnamese plate layout says which kind belongs:
 * digits in the province code and the number, letters in the series (`24C-I23.4S` → `24C12345`).
 * Only a rewrite that is a valid plate (province in use, no I/J/O/Q/W series) counts. This is a
 * suggestion shown to the operator, never a silent repair: the server validates what is sent.
 * Returns the input normalised when it does not look like a Vietnamese plate.
 *
 * @example
 * repairVnPlate('24C-I23.4S'); // "24C12345"
 * repairVnPlate('Z4B-12345');  // "24B12345"
 */
export function repairVnPlate(input: string): string {
  const plate = normalisePlate(input);
  // Layout: 2 digits, 1–2 letters (series), 4–5 digits. Try both series lengths.
  for (const seriesLength of [1, 2]) {
    const numberLength = plate.length - 2 - seriesLength;
    if (numberLength < 4 || numberLength > 5) continue;
    const digitsAt = (i: number) => i < 2 || i >= 2 + seriesLength;
    const text = [...plate].map((ch, i) => (digitsAt(i) ? toDigit(ch) : toLetter(ch))).join('');
    if (checkVnPlate(text).ok) return text;
  }
  return plate;
}

const TO_DIGIT: Record<string, string> = { O: '0', Q: '0', D: '0', B: '8', I: '1', L: '1', S: '5', Z: '2', G: '6' };
const TO_LETTER: Record<string, string> = { '0': 'O', '8': 'B', '1': 'I', '5': 'S', '2': 'Z', '6': 'G' };

function toDigit(ch: string): string {
  return /\d/.test(ch) ? ch : (TO_DIGIT[ch] ?? ch);
}

function toLetter(ch: string): string {
  return /[A-Z]/.test(ch) ? ch : (TO_LETTER[ch] ?? ch);
}

/**
 * The expected plates closest to what was read, best first: exact, then misreads only, then
 * at most `maxTypos` real edits. Nothing when the reading is too short to mean anything.
 *
 * @example
 * suggestPlates('24C-I23.4S', ['24C12345', '29C54321']);
 * // [{ plate: '24C12345', kind: 'misread', distance: 0.5 }]
 */
export function suggestPlates(read: string, expected: readonly string[], options: { limit?: number; maxTypos?: number } = {}): PlateCandidate[] {
  const limit = options.limit ?? 5;
  const maxTypos = options.maxTypos ?? 1;
  const input = normalisePlate(read);
  if (input.length < 4) return [];
  const repaired = repairVnPlate(input);
  const seen = new Set<string>();
  const candidates: PlateCandidate[] = [];
  for (const raw of expected) {
    const plate = normalisePlate(raw);
    if (seen.has(plate)) continue;
    seen.add(plate);
    const distance = Math.min(plateDistance(input, plate), plateDistance(repaired, plate) + (repaired === input ? 0 : MISREAD_COST));
    const typos = Math.floor(distance + 1e-9);
    if (typos > maxTypos) continue;
    const kind: MatchKind = distance === 0 ? 'exact' : typos === 0 ? 'misread' : 'typo';
    candidates.push({ plate, kind, distance });
  }
  return candidates.sort((a, b) => a.distance - b.distance || a.plate.localeCompare(b.plate)).slice(0, limit);
}
