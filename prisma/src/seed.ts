/**
 * Seeds the Kim Thành gate (Lào Cai ↔ Hekou): the gate, staging yard KB1, its six lanes,
 * two companies, demo users for every role with their driver rows and vehicles, and the
 * default priority policy as version 1. Every write is an upsert, so seeding an already
 * seeded database changes nothing (and never overwrites a password or a published policy).
 */
import bcrypt from 'bcryptjs';
import { DEFAULT_POLICY_DOCUMENT } from '@borderflow/contracts';
import type { PrismaClient, Prisma } from '../generated/client.ts';
import { KIM_THANH_GATE_SEED, KIM_THANH_LANE_SEED, KIM_THANH_YARD_SEED } from '@borderflow/contracts';

/** bcrypt cost of demo users: low on purpose (tests log in often); real users get the API's cost. */
const DEMO_BCRYPT_COST = 8;

type DemoRole = 'driver' | 'operator' | 'manager' | 'admin' | 'agency';

interface DemoUser {
  username: string;
  role: DemoRole;
  displayName: string;
  company?: CompanyKey;
  /** Role inside the company: admins manage its API keys, admins and dispatchers see all its trips. */
  companyRole?: 'driver' | 'dispatcher' | 'admin';
  agency?: string;
  driver?: { fullName: string; phone: string; licenseNo: string };
}

const COMPANIES = {
  // Tax codes carry a valid mod-11 check digit (contracts checkTaxCode).
  trusted: { name: 'Công ty TNHH Vận tải Kim Thành Xanh', taxCode: '5300246814', trusted: true },
  ordinary: { name: 'Công ty CP Nông sản Bắc Hà', taxCode: '5300987650', trusted: false },
  // The demo traffic feeder's own company: its trucks never share an account with a person's.
  demoFleet: { name: 'BorderFlow Demo Fleet', taxCode: '5300777773', trusted: false },
} as const;
type CompanyKey = keyof typeof COMPANIES;

/** The demo feeder's accounts (simulators/traffic): drivers of the demo fleet and its yard hand. */

const DEMO_USERS: DemoUser[] = [
  {
    username: 'driver1', role: 'driver', displayName: 'Nguyễn Văn An', company: 'trusted',
    driver: { fullName: 'Nguyễn Văn An', phone: '+84912345678', licenseNo: 'LC-FC-001234' },
  },
  {
    username: 'driver2', role: 'driver', displayName: 'Trần Thị Bình', company: 'ordinary',
    driver: { fullName: 'Trần Thị Bình', phone: '+84987654321', licenseNo: 'LC-FC-005678' },
  },
  // driver1's company's administrator: manages its API keys and sees all its trips (issue 13).
  { username: 'fleetadmin1', role: 'driver', displayName: 'Đỗ Thị Giang', company: 'trusted', companyRole: 'admin' },
  { username: 'operator1', role: 'operator', displayName: 'Lê Văn Cường' },
  { username: 'manager1', role: 'manager', displayName: 'Phạm Thị Dung' },
  { username: 'admin1', role: 'admin', displayName: 'Hoàng Văn Em' },
  // One machine identity per agency: each speaks for its own agency only (issue 10).
  { username: 'customs1', role: 'agency', displayName: 'Hải quan Lào Cai (VNACCS)', agency: 'customs' },
  { username: 'quarantine1', role: 'agency', displayName: 'Kiểm dịch thực vật Lào Cai', agency: 'quarantine' },
  { username: 'borderguard1', role: 'agency', displayName: 'Đồn Biên phòng Cửa khẩu Quốc tế Lào Cai', agency: 'border_guard' },
  { username: 'farside1', role: 'agency', displayName: 'Hekou port (河口口岸)', agency: 'far_side' },
  {
    username: 'fleet-driver1', role: 'driver', displayName: 'Demo Fleet driver 1', company: 'demoFleet',
    driver: { fullName: 'Xe mô phỏng 1', phone: '+84900000001', licenseNo: 'DEMO-000001' },
  },
  {
    username: 'fleet-driver2', role: 'driver', displayName: 'Demo Fleet driver 2', company: 'demoFleet',
    driver: { fullName: 'Xe mô phỏng 2', phone: '+84900000002', licenseNo: 'DEMO-000002' },
  },
  // An operator account for the feeder's yard work; the feeder acts with it only on trips it registered.
  { username: 'fleet-operator', role: 'operator', displayName: 'Demo Fleet yard (simulated)', company: 'demoFleet' },
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
  companies: Record<CompanyKey, string>;
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
    where: { gateId_version: { gateId: gate.id, version: DEFAULT_POLICY_DOCUMENT.version } },
    create: { gateId: gate.id, version: DEFAULT_POLICY_DOCUMENT.version, config: DEFAULT_POLICY_DOCUMENT.policy as unknown as Prisma.InputJsonValue },
    update: {},
  });

  const companies = {
    trusted: (await prisma.company.upsert({ where: { taxCode: COMPANIES.trusted.taxCode }, create: COMPANIES.trusted, update: {} })).id,
    ordinary: (await prisma.company.upsert({ where: { taxCode: COMPANIES.ordinary.taxCode }, create: COMPANIES.ordinary, update: {} })).id,
    demoFleet: (await prisma.company.upsert({ where: { taxCode: COMPANIES.demoFleet.taxCode }, create: COMPANIES.demoFleet, update: {} })).id,
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
          companyRole: demo.companyRole ?? (demo.company ? 'driver' : null),
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
