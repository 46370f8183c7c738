/**
 * A whole random trip registration, as a driver would send it to
 * POST /v1/trips: truck and trailer plates from the right side of the border,
 * a driver, cargo from the catalog, containers and declaration numbers.
 */
import type { CargoItemInput, CreateTripRequestInput, Direction } from '@borderflow/contracts';
import { CARGO_CATALOG } from './cargo-catalog.ts';
import type { Random } from './random.ts';
import {
  randomChinesePlate,
  randomChineseTrailerPlate,
  randomContainerNumber,
  randomDeclarationNumber,
  randomVietnamesePlate,
  randomVietnameseTrailerPlate,
} from './random-identifiers.ts';

const VN_FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Lý'];
const VN_MIDDLE = ['Văn', 'Đức', 'Minh', 'Quang', 'Hữu', 'Công', 'Thị'];
const VN_GIVEN = ['An', 'Bình', 'Cường', 'Dũng', 'Hải', 'Hùng', 'Long', 'Nam', 'Phong', 'Sơn', 'Thắng', 'Tuấn', 'Lan', 'Hoa'];
const CN_NAMES = ['王伟', '李强', '张磊', '刘洋', '陈杰', '杨勇', '赵军', '黄涛', '周斌', '吴鹏'];
const DIGITS = '0123456789';

export interface RandomTripOptions {
  gateCode: string;
  /** Defaults to exit 60 % / entry 40 %. */
  direction?: Direction;
  /** Expected arrival at the gate (ms epoch). */
  expectedArrival: number;
  /** Share of empty trucks returning (no cargo, no declaration). Default 0.08. */
  emptyShare?: number;
}

/**
 * A complete, valid trip registration.
 *
 * @example
 * const body = randomTripRequest(createRandom(1), { gateCode: 'KT', expectedArrival: Date.now() + 600_000 });
 * await driver.createTrip(body);
 */
export function randomTripRequest(rnd: Random, options: RandomTripOptions): CreateTripRequestInput {
  const direction = options.direction ?? (rnd.chance(0.6) ? 'exit' : 'entry');
  // Exports leave mostly on Vietnamese trucks; imports come as often on Chinese ones.
  const chinese = rnd.chance(direction === 'exit' ? 0.25 : 0.5);
  const plate = chinese ? randomChinesePlate(rnd) : randomVietnamesePlate(rnd);
  const hasTrailer = rnd.chance(0.7);
  const trailerPlate = hasTrailer ? (chinese ? randomChineseTrailerPlate(rnd) : randomVietnameseTrailerPlate(rnd)) : undefined;
  const driver = chinese
    ? { fullName: rnd.pick(CN_NAMES), phone: `+86 13${rnd.string(DIGITS, 1)} ${rnd.string(DIGITS, 4)} ${rnd.string(DIGITS, 4)}` }
    : {
        fullName: `${rnd.pick(VN_FAMILY)} ${rnd.pick(VN_MIDDLE)} ${rnd.pick(VN_GIVEN)}`,
        phone: `+84 9${rnd.string(DIGITS, 2)} ${rnd.string(DIGITS, 3)} ${rnd.string(DIGITS, 3)}`,
      };

  const empty = rnd.chance(options.emptyShare ?? 0.08);
  const cargo: CargoItemInput[] = [];
  if (!empty) {
    const items = rnd.chance(0.8) ? 1 : 2;
    const catalog = CARGO_CATALOG[direction].map((c) => [c, c.weight] as const);
    const used = new Set<string>();
    for (let i = 0; i < items; i++) {
      const template = rnd.weighted(catalog);
      if (used.has(template.hsCode)) continue;
      used.add(template.hsCode);
      const [low, high] = template.grossKg;
      const grossKg = Math.round(rnd.between(low, high) / items / 10) * 10;
      cargo.push({
        description: template.description,
        hsCode: template.hsCode,
        packages: Math.max(1, Math.round(grossKg / template.kgPerPackage)),
        grossKg,
        perishable: template.perishable,
        plantOrAnimal: template.plantOrAnimal,
      });
    }
  }
  const containerCount = empty ? 0 : rnd.weighted([[0, 3], [1, 6], [2, 1]] as const);
  const sealPrefix = chinese ? 'CN' : 'VN';
  const containers = Array.from({ length: containerCount }, () => ({
    number: randomContainerNumber(rnd),
    seals: [`${sealPrefix}${rnd.string(DIGITS, 7)}`],
  }));
  const declarations = empty
    ? []
    : Array.from({ length: rnd.chance(0.85) ? 1 : 2 }, () => randomDeclarationNumber(rnd, direction));

  return {
    gateCode: options.gateCode,
    direction,
    vehicle: trailerPlate ? { plate, trailerPlate } : { plate },
    driver,
    cargo,
    containers,
    declarations: [...new Set(declarations)],
    expectedArrival: new Date(options.expectedArrival).toISOString(),
  };
}
