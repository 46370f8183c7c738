/** Trip requests for tests: every call gets its own plate and declaration, so tests never collide. */
import { randomInt } from 'node:crypto';
import type { CreateTripRequestInput } from '@borderflow/contracts';

/** Plates handed out by this process (normalised digits): never twice. */
const platesGiven = new Set<number>();
const PLATES = 100_000;

/**
 * A valid Vietnamese truck plate nobody else in this test run uses (province 29, 5 digits). Drawn
 * without repeats: drawn freely, two of the 18 trips a fault scenario registers shared a plate about
 * once in 650 runs, and the second registration was refused 409 "This vehicle already has an
 * active trip" (CI, faults.test "Redis loses its memory", benchmarks/RESULTS.md book7).
 */
export function uniquePlate(): string {
  if (platesGiven.size >= PLATES) throw new Error(`uniquePlate: all ${PLATES} plates of this process are given`);
  let n = randomInt(0, PLATES);
  while (platesGiven.has(n)) n = randomInt(0, PLATES);
  platesGiven.add(n);
  const digits = String(n).padStart(5, '0');
  return `29C-${digits.slice(0, 3)}.${digits.slice(3)}`;
}

/** A fresh 12-digit declaration number, amendment 0. */
export function uniqueDeclaration(): string {
  return `30${String(randomInt(0, 1_000_000_000)).padStart(9, '0')}0`;
}

/**
 * A Vietnamese mobile number nobody else in this test run uses: each trip gets its own driver,
 * so tests that register many trips stay under the active-trip cap per driver.
 */
export function uniquePhone(): string {
  return `+84 9${String(randomInt(0, 100_000_000)).padStart(8, '0')}`;
}

/**
 * @example
 * const body = tripRequest({ cargo: [] }); // an empty return
 */
export function tripRequest(overrides: Partial<CreateTripRequestInput> = {}): CreateTripRequestInput {
  return {
    gateCode: 'KT',
    direction: 'exit',
    vehicle: { plate: uniquePlate() },
    driver: { fullName: 'Nguyễn Văn An', phone: uniquePhone() },
    cargo: [{ description: 'Gạch men', hsCode: '6907.21.10', packages: 40, grossKg: 12000 }],
    containers: [{ number: 'CSQU3054383', seals: ['VN123456'] }],
    declarations: [uniqueDeclaration()],
    expectedArrival: '2025-06-01T08:30:00+07:00',
    ...overrides,
  };
}
