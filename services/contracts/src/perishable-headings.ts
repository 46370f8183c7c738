/**
 * The published list of perishable HS headings: cargo under one of these
 * headings may earn the perishable priority class, once quarantine or a gate
 * operator has confirmed it at the gate. A driver's own `perishable` flag never
 * does (issue 10: priority only from facts).
 *
 * Source: the headings are those of the WCO Harmonized System nomenclature,
 * 2022 edition (chapters 01–08: live animals, meat, fish, dairy and eggs, live
 * plants and cut flowers, fresh vegetables, fresh fruit). The selection keeps
 * the live, fresh and chilled goods whose value falls with every hour of
 * waiting, the goods a "green lane" for farm produce at the Lào Cai and Lạng
 * Sơn border gates is for; dried, frozen-only and shelf-stable headings (nuts,
 * milk powder, honey, dried vegetables) are left out. Changing this list
 * changes the published priority rule: do it in a reviewed commit.
 */

/** Perishable HS headings (4 digits), with what they cover. */
export const PERISHABLE_HS_HEADINGS: Readonly<Record<string, string>> = {
  '0101': 'live horses, asses, mules', '0102': 'live bovine animals', '0103': 'live swine',
  '0104': 'live sheep and goats', '0105': 'live poultry', '0106': 'other live animals',
  '0201': 'meat of bovine animals, fresh or chilled', '0202': 'meat of bovine animals, frozen',
  '0203': 'meat of swine', '0204': 'meat of sheep or goats', '0205': 'meat of horses, asses, mules',
  '0206': 'edible offal', '0207': 'meat and offal of poultry', '0208': 'other meat and offal',
  '0301': 'live fish', '0302': 'fish, fresh or chilled', '0303': 'fish, frozen', '0304': 'fish fillets',
  '0306': 'crustaceans', '0307': 'molluscs', '0308': 'other aquatic invertebrates',
  '0401': 'milk and cream, not concentrated', '0403': 'yoghurt, buttermilk, fermented milk',
  '0405': 'butter', '0406': 'cheese and curd', '0407': 'birds\' eggs, in shell',
  '0601': 'bulbs, tubers, roots', '0602': 'other live plants, cuttings, mushroom spawn',
  '0603': 'cut flowers and flower buds', '0604': 'foliage, branches, grasses',
  '0701': 'potatoes, fresh or chilled', '0702': 'tomatoes, fresh or chilled', '0703': 'onions, garlic, leeks',
  '0704': 'cabbages, cauliflowers, kale', '0705': 'lettuce and chicory', '0706': 'carrots, turnips, beetroot',
  '0707': 'cucumbers and gherkins', '0708': 'leguminous vegetables, fresh', '0709': 'other vegetables, fresh or chilled',
  '0803': 'bananas', '0804': 'dates, figs, pineapples, avocados, guavas, mangoes', '0805': 'citrus fruit',
  '0806': 'grapes', '0807': 'melons, watermelons, papayas', '0808': 'apples, pears, quinces',
  '0809': 'apricots, cherries, peaches, plums', '0810': 'other fresh fruit (dragon fruit, lychee, longan, durian…)',
};

/**
 * Whether an HS code (digits, any length ≥ 4; dots allowed) falls under a perishable heading.
 *
 * @example
 * isPerishableHsCode('0810.90.10'); // true  (dragon fruit)
 * isPerishableHsCode('6907.21.10'); // false (ceramic tiles)
 */
export function isPerishableHsCode(hsCode: string): boolean {
  const heading = hsCode.replace(/[.\s]/g, '').slice(0, 4);
  return Object.hasOwn(PERISHABLE_HS_HEADINGS, heading);
}

/**
 * True when any cargo item falls under a published perishable HS heading: the one test behind a
 * perishable slot class and the perishable priority claim.
 *
 * @example hasPerishableHeading([{ hsCode: '6907.21.10' }, { hsCode: '0810.90.10' }]); // true
 */
export function hasPerishableHeading(cargo: ReadonlyArray<{ hsCode: string }>): boolean {
  return cargo.some((c) => isPerishableHsCode(c.hsCode));
}
