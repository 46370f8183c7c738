/**
 * `npm run bench -- anpr`: a day of trucks at Kim Thành's yard entrance read by a simulated ANPR camera
 * (simulators/traffic devices/camera.ts) with a 5% misread rate (confusions, wrong characters, partial
 * plates) and a 2% no-read rate, pushed to the device gateway's own port of the platform in its own process.
 * The entrance has two cameras, each reading every truck and failing on its own; the gateway fuses the
 * reads of one truck (a doubtful read of a truck the other camera checked in leaves the queue).
 * The cameras ask to be answered once their read is stored (`Prefer: respond-async`, devices/read-intake.ts);
 * each read's outcome is then read from its raw message in the run's database (DATABASE_URL is needed).
 * An operator bot works the confirmation queue meanwhile: it looks at each doubtful read (the benchmark
 * knows which truck made it, as the operator sees the image), checks the right candidate in, or dismisses
 * the read and checks the truck in by hand; no-reads are checked in by hand too.
 *
 * Figures: reads; auto_checkin_ratio (trucks checked in by the camera alone, goal ≥ 0.9); wrong_checkins
 * (a camera check-in of another truck than the one read, must be 0); confirm_queue_p95_s (a doubtful
 * read's wait from the push's answer to the operator's decision); reads_per_s (the gateway's throughput
 * with BENCH_CONNECTIONS pushes in flight: reads stored and answered per second, goal ≥ 200); decided_per_s
 * (every read's gate command done, from the first push: the rate the decisions kept); lost (reads
 * answered but never decided, must be 0).
 */
import { ROUTES, createClient } from '@borderflow/client';
import { createRandom, SimulatedCamera, type SimulatedRead } from '@borderflow/traffic';
import { recordResult } from './record-result.ts';
import { startBenchPlatform } from './bench-platform.ts';
import { percentile } from './latency.ts';
import { uniqueTripFactory } from './unique-trips.ts';
import pg from 'pg';
import { serverCpuSeconds } from './store-cpu.ts';

const TRUCKS = Number(process.env.BENCH_ANPR_TRUCKS ?? 1200);
const MISREAD = Number(process.env.BENCH_ANPR_MISREAD ?? 0.05);
const NO_READ = Number(process.env.BENCH_ANPR_NO_READ ?? 0.02);
const CONCURRENCY = Number(process.env.BENCH_CONNECTIONS ?? 32);
const SEED = Number(process.env.BENCH_SEED ?? 17);
/** BENCH_ANPR_SYNC=1: the cameras wait for each read's decision (no Prefer header), the path as it was before read-intake.ts. */
const SYNC = process.env.BENCH_ANPR_SYNC === '1';

interface Truck {
  tripId: string;
  plate: string;
}

/** Runs the jobs with at most `n` in flight. */
async function pool<T>(items: readonly T[], n: number, job: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      await job(items[i]!, i);
    }
  }));
}

export async function runAnprBench(): Promise<void> {
  // What each read became is read from the run's database (PGlite lives inside the server process).
  if (!process.env.DATABASE_URL) throw new Error('npm run bench -- anpr needs DATABASE_URL (a PostgreSQL server; a fresh database is made on it)');
  // The production topology: the cameras push to the device gateway process (it authenticates,
  // validates, stores and queues); the platform's worker decides. BENCH_ANPR_GATEWAY=inprocess: the
  // gateway's port inside the platform's process instead (what this bench measured before).
  const inProcess = process.env.BENCH_ANPR_GATEWAY === 'inprocess';
  const platform = await startBenchPlatform('anpr', inProcess ? { gatewayPort: 0 } : {});
  try {
    const gateway = inProcess ? { url: platform.gatewayUrl!, pid: platform.pid } : await platform.addGatewayProcess();
    const gatewayUrl = gateway.url;
    // A loaded run outlasts an access token (15 min): each client signs in again when refused.
    const signedIn = async (username: string) => {
      let token = await platform.login(username);
      return createClient({ baseUrl: platform.url, token: () => token, renewToken: async () => (token = await platform.login(username)) });
    };
    const driver = await signedIn('driver1');
    const operator = await signedIn('operator1');
    const admin = await signedIn('admin1');

    const nextTrip = uniqueTripFactory({ seed: SEED, gateCode: 'KT' });
    const trucks: Truck[] = [];
    await pool(Array.from({ length: TRUCKS }), 16, async () => {
      const body = nextTrip();
      const trip = await driver.call(ROUTES.registerTrip, { body });
      trucks.push({ tripId: trip.id, plate: trip.vehicle.plate });
    });
    console.log(`registered ${trucks.length} trips`);
    const rnd = createRandom(SEED);
    // The entrance has two cameras (front plate, then rear plate a moment later), each failing on its own.
    const cameras: SimulatedCamera[] = [];
    const deviceIds: string[] = [];
    for (const n of [1, 2]) {
      const device = await admin.call(ROUTES.createDevice, { body: { gate: 'KT', name: `Yard entrance camera ${n}`, kind: 'anpr', position: 'yard-entrance' } });
      deviceIds.push(device.id);
      cameras.push(new SimulatedCamera({ url: gatewayUrl, key: device.key, rnd: createRandom(SEED * 10 + n), misreadRate: MISREAD, noReadRate: NO_READ, name: `cam-kt-in-${n}`, respondAsync: !SYNC }));
    }
    // Arrivals in a random order over the day (registration order is not arrival order).
    for (let i = trucks.length - 1; i > 0; i--) {
      const j = rnd.int(0, i);
      [trucks[i], trucks[j]] = [trucks[j]!, trucks[i]!];
    }

    // The cameras are answered once a read is stored (Prefer: respond-async): what each read became is
    // written on its raw message, read here from the run's database (the bench's view of the gate's log).
    const db = new pg.Client({ connectionString: platform.databaseUrl! });
    await db.connect();
    const truthOf = new Map<string, Truck>();
    const answeredAt = new Map<string, number>();
    const waits: number[] = [];
    const sent: Array<{ truck: Truck; read: SimulatedRead; messageId: string }> = [];
    /** Trips checked in by a person (a decided confirmation, or by hand). */
    const byPerson = new Set<string>();
    let refused = 0;
    let pushing = true;

    // Already in (a camera or a fused read got there first) is no failure of the operator's.
    const settle = async (work: Promise<unknown>) => {
      await work.catch((err: unknown) => {
        if ((err as { status?: number }).status !== 409) throw err;
      });
    };
    const undecided = async () => Number((await db.query(
      "SELECT count(*) AS n FROM device_messages WHERE status = 'accepted' AND outcome IS NULL AND device_id = ANY($1)", [deviceIds])).rows[0].n);
    const checkInByHand = (truck: Truck) => settle(operator.call(ROUTES.checkIn, { params: { gate: 'KT' }, body: { plate: truck.plate } }));
    // The operator bot: every 200 ms, each pending read whose truck it can see (through the read's
    // message) is decided; it stops once the cameras are done, every read is decided and nothing it knows of is pending.
    const bot = (async () => {
      for (;;) {
        const { confirmations } = await operator.call(ROUTES.listPlateConfirmations, { params: { gate: 'KT' } });
        const messages = confirmations.length === 0 ? [] : (await db.query<{ id: string; message_id: string }>(
          'SELECT id, message_id FROM plate_confirmations WHERE id = ANY($1)', [confirmations.map((c) => c.id)])).rows;
        const messageOf = new Map(messages.map((m) => [m.id, m.message_id]));
        const mine = confirmations.filter((c) => truthOf.has(messageOf.get(c.id) ?? ''));
        if (!pushing && mine.length === 0 && (await undecided()) === 0) break;
        for (const c of mine) {
          const messageId = messageOf.get(c.id)!;
          const truck = truthOf.get(messageId)!;
          const right = c.candidates.find((k) => k.tripId === truck.tripId);
          // The right trip may already be in (the other camera's read): confirming it is then refused (409)
          // and the operator dismisses the read instead, or it would stay in the queue.
          const confirmed = right
            ? await operator.call(ROUTES.decidePlateConfirmation, { params: { gate: 'KT', confirmationId: c.id }, body: { decision: 'check_in', tripId: right.tripId } })
              .then(() => true, (err: unknown) => {
                if ((err as { status?: number }).status !== 409) throw err;
                return false;
              })
            : false;
          if (right && !confirmed) {
            await settle(operator.call(ROUTES.decidePlateConfirmation, { params: { gate: 'KT', confirmationId: c.id }, body: { decision: 'dismiss' } }));
          } else if (!right) {
            await settle(operator.call(ROUTES.decidePlateConfirmation, { params: { gate: 'KT', confirmationId: c.id }, body: { decision: 'dismiss' } }));
            await checkInByHand(truck);
          }
          byPerson.add(truck.tripId);
          // From the camera's answer to the person's decision: the decision's lag is part of the wait.
          waits.push((performance.now() - answeredAt.get(messageId)!) / 1000);
        }
        await new Promise((r) => setTimeout(r, 200));
      }
    })();

    // Server CPU (the platform's processes, not the stores), so a figure taken on a loaded machine still says what a read costs.
    const cpuOf = (pid: number) => serverCpuSeconds(pid) ?? 0;
    const cpuNow = () => cpuOf(gateway.pid) + (inProcess ? 0 : cpuOf(platform.pid));
    const cpuAtStart = cpuNow();
    const gatewayCpuAtStart = cpuOf(gateway.pid);
    const started = performance.now();
    await pool(trucks, CONCURRENCY, async (truck) => {
      for (const camera of cameras) {
        const { read, answer } = await camera.see(truck.plate);
        if (answer.status !== 200 || !answer.body.messageId) {
          refused++;
          continue;
        }
        sent.push({ truck, read, messageId: answer.body.messageId });
        truthOf.set(answer.body.messageId, truck);
        answeredAt.set(answer.body.messageId, performance.now());
      }
    });
    const seconds = (performance.now() - started) / 1000;
    const cpuAtAnswered = cpuNow();
    const gatewayCpuAtAnswered = cpuOf(gateway.pid);
    // Every stored read decided (check-in, queue, duplicate…): the gateway's decisions kept up or caught up.
    while ((await undecided()) > 0) await new Promise((r) => setTimeout(r, 250));
    const decidedSeconds = (performance.now() - started) / 1000;
    const cpuAtDecided = cpuNow();
    pushing = false;
    await bot;
    const rows = new Map((await db.query<{ id: string; outcome: string; trip_id: string | null }>(
      'SELECT id, outcome, trip_id FROM device_messages WHERE id = ANY($1)', [sent.map((r) => r.messageId)])).rows.map((r) => [r.id, r]));
    await db.end();
    const reads = sent.map((r) => ({ ...r, outcome: rows.get(r.messageId)?.outcome ?? 'lost', tripId: rows.get(r.messageId)?.trip_id ?? null }));
    const autoTrips = new Set(reads.filter((r) => r.outcome === 'checked_in' && r.tripId === r.truck.tripId).map((r) => r.truck.tripId));
    // Neither camera nor a confirmation got it in (two no-reads, a dismissed read): the operator types it.
    for (const truck of trucks) if (!autoTrips.has(truck.tripId) && !byPerson.has(truck.tripId)) await checkInByHand(truck);

    const wrong = reads.filter((r) => r.outcome === 'checked_in' && r.tripId !== r.truck.tripId);
    const outcomes: Record<string, number> = {};
    for (const r of reads) outcomes[r.outcome] = (outcomes[r.outcome] ?? 0) + 1;
    const kinds: Record<string, number> = {};
    for (const r of reads) kinds[r.read.kind] = (kinds[r.read.kind] ?? 0) + 1;
    const figures = {
      reads: reads.length + refused,
      trucks: trucks.length,
      cameras: cameras.length,
      misread_rate: MISREAD,
      no_read_rate: NO_READ,
      auto_checkin_ratio: Math.round((autoTrips.size / trucks.length) * 1000) / 1000,
      wrong_checkins: wrong.length,
      confirm_queue_reads: waits.length,
      confirm_queue_p95_s: Math.round(percentile([...waits].sort((a, b) => a - b), 0.95) * 1000) / 1000,
      reads_per_s: Math.round((reads.length + refused) / seconds),
      /** Every read decided (its gate command done), from the first push: the decisions' own rate. */
      decided_per_s: Math.round((reads.length / decidedSeconds) * 10) / 10,
      /** The gateway process's CPU while the cameras pushed, per read (in process: decisions included). */
      gateway_cpu_ms_per_read: Math.round(((gatewayCpuAtAnswered - gatewayCpuAtStart) * 1000 / reads.length) * 100) / 100,
      /** All server processes' CPU while the cameras pushed, per read. */
      server_cpu_ms_per_read_while_pushing: Math.round(((cpuAtAnswered - cpuAtStart) * 1000 / reads.length) * 100) / 100,
      /** All server processes' CPU from the first push to the last decision, per read: intake and decision together. */
      server_cpu_ms_per_read: Math.round(((cpuAtDecided - cpuAtStart) * 1000 / reads.length) * 100) / 100,
      lost: outcomes.lost ?? 0,
      refused,
      concurrency: CONCURRENCY,
      outcomes,
      read_kinds: kinds,
      stores: platform.stores,
      gateway: `${inProcess ? "the device gateway's own port in the platform's process (BENCH_ANPR_GATEWAY=inprocess)" : 'a device gateway process (role gateway) beside the platform (API + worker deciding)'}; ` +
        (SYNC ? 'cameras answered once each read is decided (BENCH_ANPR_SYNC=1)' : 'cameras answered once the read is stored (Prefer: respond-async)'),
      operator: 'a bot polling the queue every 200 ms and deciding at once (a person adds their own time)',
    };
    const command = `${inProcess ? 'BENCH_ANPR_GATEWAY=inprocess ' : ''}${SYNC ? 'BENCH_ANPR_SYNC=1 ' : ''}npm run bench -- anpr`;
    recordResult('anpr', command, figures,
      `${figures.reads} reads of ${trucks.length} trucks by ${cameras.length} entrance cameras (${MISREAD * 100}% misread, ${NO_READ * 100}% no-read each): ` +
      `auto check-in ${figures.auto_checkin_ratio}, wrong ${figures.wrong_checkins}, queue p95 ${figures.confirm_queue_p95_s} s (${waits.length} decided by a person), ` +
      `${figures.reads_per_s} reads/s stored and answered at ${CONCURRENCY} trucks in flight, all decided at ${figures.decided_per_s}/s, lost ${figures.lost}; ` +
      `server CPU ${figures.server_cpu_ms_per_read} ms per read (gateway ${figures.gateway_cpu_ms_per_read} ms while pushing); ${figures.gateway}; ${platform.stores}`);
  } finally {
    await platform.stop();
  }
}
