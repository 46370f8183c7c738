/**
 * Seeds the Kim Thành gate (Lào Cai ↔ Hekou): the gate, staging yard KB1, its six lanes,
 * two companies, demo users for every role with their driver rows and vehicles, and the
 * default priority policy as version 1. Every write is an upsert, so seeding an already
 * seeded database changes nothing (and never overwrites a password or a published policy).
 */
import bcrypt from 'bcryptjs';
import { DEFAULT_POLICY } from '@borderflow/contracts';
import type { PrismaClient, Prisma } from '../generated/client.ts';
import { KIM_THANH_GATE_SEED, KIM_THANH_LANE_SEED, KIM_THANH_YARD_SEED } from './kim-thanh.ts';

/** bcrypt cost of demo users: low on purpose (tests log in often); real users get the API's cost. */
const DEMO_BCRYPT_COST = 8;

type DemoRole = 'driver' | 'operator' | 'manager' | 'admin' | 'agency';

interface DemoUser {
  username: string;
  role: DemoRole;
  displayName: string;
  company?: 'trusted' | 'ordinary';
  agency?: string;
  driver?: { fullName: string; phone: string; licenseNo: string };
}

const COMPANIES = {
  // Tax codes carry a valid mod-11 check digit (contracts checkTaxCode).
  trusted: { name: 'Công ty TNHH Vận tải Kim Thành Xanh', taxCode: '5300246814', trusted: true },
  ordinary: { name: 'Công ty CP Nông sản Bắc Hà', taxCode: '5300987650', trusted: false },
} as const;

const DEMO_USERS: DemoUser[] = [
  {
    username: 'driver1', role: 'driver', displayName: 'Nguyễn Văn An', company: 'trusted',
    driver: { fullName: 'Nguyễn Văn An', phone: '+84912345678', licenseNo: 'LC-FC-001234' },
  },
  {
    username: 'driver2', role: 'driver', displayName: 'Trần Thị Bình', company: 'ordinary',
    driver: { fullName: 'Trần Thị Bình', phone: '+84987654321', licenseNo: 'LC-FC-005678' },
  },
  { username: 'operator1', role: 'operator', displayName: 'Lê Văn Cường' },
  { username: 'manager1', role: 'manager', displayName: 'Phạm Thị Dung' },
  { username: 'admin1', role: 'admin', displayName: 'Hoàng Văn Em' },
  { username: 'customs1', role: 'agency', displayName: 'Hải quan Lào Cai (VNACCS)', agency: 'customs' },
];

const VEHICLES: Array<{
  plate: string; plateDisplay: string; kind: 'truck' | 'trailer'; country: 'VN' | 'CN'; company: 'trusted' | 'ordinary' | null;
}> = [
  { plate: '24C12345', plateDisplay: '24C-123.45', kind: 'truck', country: 'VN', company: 'trusted' },
  { plate: '24R01234', plateDisplay: '24R-012.34', kind: 'trailer', country: 'VN', company: 'trusted' },
  { plate: '24C67890', plateDisplay: '24C-678.90', kind: 'truck', country: 'VN', company: 'ordinary' },
  { plate: '云GA1234', plateDisplay: '云G·A1234', kind: 'truck', country: 'CN', company: null },
];

export interface SeedOptions {
  /** Password of every demo user. Outside production defaults to `demo`. */
  demoPassword?: string;
  /** Defaults to process.env (NODE_ENV, SEED_DEMO_PASSWORD). */
  env?: Record<string, string | undefined>;
}

export interface SeedResult {
  gateId: string;
  laneCodes: string[];
  /** username → user id of the demo users (empty when they were not seeded). */
  users: Record<string, string>;
  /** username → driver id, for demo drivers. */
  drivers: Record<string, string>;
  /** normalised plate → vehicle id. */
  vehicles: Record<string, string>;
  companies: { trusted: string; ordinary: string };
  /** false in production without SEED_DEMO_PASSWORD. */
  demoUsersSeeded: boolean;
}

/**
 * Decides the demo password: in production only an explicit SEED_DEMO_PASSWORD counts,
 * so a forgotten default can never open a real deployment.
 */
export function demoPasswordFor(options: SeedOptions): string | null {
  const env = options.env ?? process.env;
  if (env.NODE_ENV === 'production') return env.SEED_DEMO_PASSWORD || null;
  return options.demoPassword ?? (env.SEED_DEMO_PASSWORD || 'demo');
}

/**
 * Seeds (or re-seeds, idempotently) the Kim Thành gate.
 *
 * @example
 * const db = await openDatabase();
 * const { gateId, users } = await seedKimThanh(db.prisma, { demoPassword: 'demo' });
 */
export async function seedKimThanh(prisma: PrismaClient, options: SeedOptions = {}): Promise<SeedResult> {
  const gate = await prisma.gate.upsert({
    where: { code: KIM_THANH_GATE_SEED.code },
    create: { ...KIM_THANH_GATE_SEED, geometry: KIM_THANH_GATE_SEED.geometry as Prisma.InputJsonValue },
    update: {},
  });
  await prisma.yard.upsert({
    where: { gateId_code: { gateId: gate.id, code: KIM_THANH_YARD_SEED.code } },
    create: { ...KIM_THANH_YARD_SEED, gateId: gate.id },
    update: {},
  });
  for (const lane of KIM_THANH_LANE_SEED) {
    // update: {} keeps the lane's live status (a projection of events) on re-seed.
    await prisma.lane.upsert({ where: { code: lane.code }, create: { ...lane, gateId: gate.id }, update: {} });
  }
  await prisma.policyVersion.upsert({
    where: { gateId_version: { gateId: gate.id, version: 1 } },
    create: { gateId: gate.id, version: 1, config: DEFAULT_POLICY as unknown as Prisma.InputJsonValue },
    update: {},
  });

  const companies = {
    trusted: (await prisma.company.upsert({ where: { taxCode: COMPANIES.trusted.taxCode }, create: COMPANIES.trusted, update: {} })).id,
    ordinary: (await prisma.company.upsert({ where: { taxCode: COMPANIES.ordinary.taxCode }, create: COMPANIES.ordinary, update: {} })).id,
  };
  const vehicles: Record<string, string> = {};
  for (const v of VEHICLES) {
    const { company, ...data } = v;
    const companyId = company ? companies[company] : null;
    vehicles[v.plate] = (await prisma.vehicle.upsert({ where: { plate: v.plate }, create: { ...data, companyId }, update: {} })).id;
  }

  const result: SeedResult = {
    gateId: gate.id,
    laneCodes: KIM_THANH_LANE_SEED.map((l) => l.code),
    users: {},
    drivers: {},
    vehicles,
    companies,
    demoUsersSeeded: false,
  };
  const password = demoPasswordFor(options);
  if (password === null) return result;

  let passwordHash: string | null = null;
  for (const demo of DEMO_USERS) {
    const existing = await prisma.user.findUnique({ where: { username: demo.username } });
    let userId = existing?.id;
    if (!userId) {
      passwordHash ??= await bcrypt.hash(password, DEMO_BCRYPT_COST);
      const created = await prisma.user.upsert({
        where: { username: demo.username },
        create: {
          username: demo.username,
          passwordHash,
          role: demo.role,
          displayName: demo.displayName,
          companyId: demo.company ? companies[demo.company] : null,
          agency: demo.agency ?? null,
        },
        update: {},
      });
      userId = created.id;
    }
    result.users[demo.username] = userId;
    if (demo.driver) {
      const driver = await prisma.driver.upsert({ where: { userId }, create: { ...demo.driver, userId }, update: {} });
      result.drivers[demo.username] = driver.id;
    }
  }
  result.demoUsersSeeded = true;
  return result;
}
