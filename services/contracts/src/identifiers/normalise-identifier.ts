/**
 * The one normalisation every identifier goes through before it is checked
 * (DESIGN.md "Identifiers"): Unicode NFKC, so full-width letters and digits
 * typed on a Chinese or Japanese keyboard (`云Ｇ１２３４５`) become ASCII; every
 * Unicode dash becomes `-`; surrounding spaces are trimmed. Nothing else: a
 * letter is never turned into a digit or the reverse, so `24C-I23.45` stays an
 * error instead of being "repaired".
 */

/**
 * Dashes people paste from word processors and PDFs: hyphen U+2010, non-breaking hyphen U+2011,
 * figure dash U+2012, en dash U+2013, em dash U+2014, horizontal bar U+2015, minus sign U+2212,
 * small em dash U+FE58 (NFKC maps the small and full-width hyphen-minus to `-` already).
 */
const DASHES = /[\u2010-\u2015\u2212\uFE58]/g;

/**
 * NFKC, dashes to `-`, trimmed.
 *
 * @example
 * normaliseIdentifier('  云Ｇ１２３４５ '); // '云G12345'
 * normaliseIdentifier('24C–123.45');       // '24C-123.45'
 */
export function normaliseIdentifier(input: string): string {
  return input.normalize('NFKC').replace(DASHES, '-').trim();
}
