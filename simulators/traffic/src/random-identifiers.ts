/**
 * Generators of realistic identifiers for simulated trucks: Vietnamese and
 * Chinese plates, trailer plates, ISO 6346 containers with correct check
 * digits, VNACCS declaration numbers. Every generator takes a seeded
 * {@link Random} so a simulation run can be replayed.
 */
import { containerCheckDigit } from '@borderflow/contracts';
import type { Random } from './random.ts';

/** Province codes of plates seen at Kim Thành: Lào Cai first, then the northern freight provinces. */
const VN_PROVINCES: readonly (readonly [string, number])[] = [
  ['24', 8], // Lào Cai
  ['29', 3], ['30', 2], // Hà Nội
  ['15', 2], ['16', 1], // Hải Phòng
  ['14', 1], // Quảng Ninh
  ['21', 1], // Yên Bái
  ['19', 1], // Phú Thọ
  ['88', 1], // Vĩnh Phúc
  ['89', 1], // Hưng Yên
  ['34', 1], // Hải Dương
  ['98', 1], // Bắc Giang
  ['51', 1], // TP. Hồ Chí Minh (long-haul fruit)
  ['60', 1], // Đồng Nai
  ['63', 1], // Tiền Giang (fruit)
];
/** Series letters of trucks (C heavy trucks; H since 2020 for lighter trucks and tractors). */
const VN_TRUCK_SERIES = ['C', 'C', 'C', 'H'];
/** Chinese plates: province character + letter + 5 alphanumerics without I and O. */
const CN_ALNUM = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789';
const DIGITS = '0123456789';
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** 5 digits written `123.45`, as on a Vietnamese plate. */
function vnNumber(rnd: Random): string {
  const n = rnd.string(DIGITS, 5);
  return `${n.slice(0, 3)}.${n.slice(3)}`;
}

/**
 * A Vietnamese truck plate such as `24C-123.45`.
 *
 * @example
 * randomVietnamesePlate(createRandom(1)); // e.g. "24C-507.81"
 */
export function randomVietnamesePlate(rnd: Random): string {
  return `${rnd.weighted(VN_PROVINCES)}${rnd.pick(VN_TRUCK_SERIES)}-${vnNumber(rnd)}`;
}

/**
 * A Vietnamese trailer (semi-trailer) plate: series R, e.g. `24R-012.34`.
 *
 * @example
 * randomVietnameseTrailerPlate(createRandom(1)); // e.g. "29R-013.27"
 */
export function randomVietnameseTrailerPlate(rnd: Random): string {
  return `${rnd.weighted(VN_PROVINCES)}R-${vnNumber(rnd)}`;
}

/**
 * A Chinese truck plate from Hekou (Yunnan, `云G`) or, less often, another
 * Yunnan prefecture: province character + letter + 5 alphanumerics (no I/O).
 *
 * @example
 * randomChinesePlate(createRandom(1)); // e.g. "云G3K819"
 */
export function randomChinesePlate(rnd: Random): string {
  const city = rnd.weighted([['G', 8], ['A', 2], ['K', 1]] as const);
  // Most plates are all digits after the letter; some carry one letter in the serial.
  const serial = rnd.chance(0.7) ? rnd.string(DIGITS, 5) : rnd.string(CN_ALNUM, 1) + rnd.string(DIGITS, 4);
  return `云${city}${serial}`;
}

/**
 * A Chinese trailer plate: province character + letter + 4 alphanumerics + `挂`.
 *
 * @example
 * randomChineseTrailerPlate(createRandom(1)); // e.g. "云G1234挂"
 */
export function randomChineseTrailerPlate(rnd: Random): string {
  return `云G${rnd.string(DIGITS, 4)}挂`;
}

/** Owner codes of lines and lessors that run containers by road through Lào Cai. */
const CONTAINER_OWNERS = ['MSCU', 'MAEU', 'CMAU', 'COSU', 'CSNU', 'OOLU', 'EGHU', 'TGHU', 'SEGU', 'TCLU', 'HLXU', 'BMOU'];

/**
 * An ISO 6346 container number with a correct check digit, e.g. `MSCU1234565`.
 *
 * @example
 * randomContainerNumber(createRandom(7)); // e.g. "COSU4820150"
 */
export function randomContainerNumber(rnd: Random): string {
  const owner = rnd.chance(0.9) ? rnd.pick(CONTAINER_OWNERS) : rnd.string(LETTERS, 3) + 'U';
  const first10 = owner + rnd.string(DIGITS, 6);
  return `${first10}${containerCheckDigit(first10)}`;
}

/**
 * A VNACCS customs declaration number: 12 digits, the first 11 identify the
 * declaration (export declarations start with 3, import with 1), the 12th
 * counts amendments (0 for a fresh one).
 *
 * @example
 * randomDeclarationNumber(createRandom(3), 'exit'); // e.g. "305123456780"
 */
export function randomDeclarationNumber(rnd: Random, direction: 'exit' | 'entry'): string {
  const kind = direction === 'exit' ? '30' : '10';
  return `${kind}${rnd.int(1, 9)}${rnd.string(DIGITS, 8)}0`;
}
