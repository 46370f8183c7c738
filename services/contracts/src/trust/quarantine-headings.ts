/**
 * Which goods need plant or animal quarantine at the border, from their HS
 * codes: the driver's "plant or animal goods" checkbox can add quarantine,
 * never remove it (issue 10).
 *
 * Source: the HS 2022 nomenclature (WCO), Section I (live animals; animal
 * products, ch. 01–05) and Section II (vegetable products, ch. 06–14), plus the
 * headings outside them that Vietnam's quarantine lists name — MARD Circular
 * 11/2021/TT-BNNPTNT (HS code tables of goods under the Ministry of
 * Agriculture's management: plant quarantine and animal quarantine lists).
 * This is a heading-level approximation made for the gate's routing: when in
 * doubt a heading is listed (an extra quarantine stage costs minutes, a missed
 * one lets pests through). Quarantine can still require an inspection for any
 * other goods with a decision (inspection mode `quarantine`).
 */
import { normaliseHsCode } from '../identifiers/hs-code.ts';

/** Whole chapters: live animals, meat, fish, dairy, eggs, honey, other animal products (01–05); live trees and plants, vegetables, fruit and nuts, coffee and tea, cereals, milling products, oil seeds, lac and gums, plaiting materials (06–14). */
export const QUARANTINE_CHAPTERS: readonly string[] = [
  '01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12', '13', '14',
];

/**
 * Single headings outside those chapters: animal fats (1501–1506), sausages and
 * prepared meat or fish (1601–1605), residues and animal feed (2301–2309), raw
 * hides and skins (4101–4103), fuel wood and rough wood (4401, 4403), raw silk
 * cocoons (5001), raw wool and hair (5101–5103), raw cotton (5201).
 */
export const QUARANTINE_HEADINGS: readonly string[] = [
  '1501', '1502', '1503', '1504', '1505', '1506',
  '1601', '1602', '1603', '1604', '1605',
  '2301', '2302', '2303', '2304', '2305', '2306', '2308', '2309',
  '4101', '4102', '4103',
  '4401', '4403',
  '5001',
  '5101', '5102', '5103',
  '5201',
];

const CHAPTERS = new Set(QUARANTINE_CHAPTERS);
const HEADINGS = new Set(QUARANTINE_HEADINGS);

/**
 * Whether goods of this HS code need quarantine (dots and spaces allowed).
 *
 * @example
 * hsNeedsQuarantine('0810.90.10'); // true  (dragon fruit)
 * hsNeedsQuarantine('6907.21.10'); // false (ceramic tiles)
 */
export function hsNeedsQuarantine(hsCode: string): boolean {
  const digits = normaliseHsCode(hsCode);
  return CHAPTERS.has(digits.slice(0, 2)) || HEADINGS.has(digits.slice(0, 4));
}

/** A cargo line as far as quarantine is concerned. */
export interface QuarantineCargo {
  hsCode: string;
  /** The driver's declaration: can add quarantine, never remove it. */
  plantOrAnimal?: boolean | null;
}

/**
 * Whether any cargo line needs quarantine: by its HS code, or because the driver said so.
 *
 * @example
 * cargoNeedsQuarantine([{ hsCode: '0810.90.10', plantOrAnimal: false }]); // true
 */
export function cargoNeedsQuarantine(cargo: readonly QuarantineCargo[]): boolean {
  return cargo.some((c) => c.plantOrAnimal === true || hsNeedsQuarantine(c.hsCode));
}
