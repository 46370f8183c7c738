/**
 * `npm run open-data -- --date YYYY-MM-DD --out DIR [--gate KT]`: writes the province's daily open-data
 * dump of that gate-local day (services/api province/open-data.ts): `<gate>-<date>.csv`, `.json` and
 * `data-dictionary.json`, CC BY 4.0, no personal data. Reads DATABASE_URL, or the embedded database
 * under DATA_DIR that `npm start` uses; the pseudonym secret is PROVINCE_PSEUDONYM_SECRET (else the data
 * directory's own), the same the running API uses, so dumps and pulls name a vehicle alike.
 * Default date: yesterday in the gate's time, so a daily cron job needs no arguments but --out.
 */
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: { date: { type: 'string' }, out: { type: 'string', default: 'open-data' }, gate: { type: 'string', multiple: true } },
});
const dataDir = resolve(process.env.DATA_DIR ?? '.data');

async function main() {
  const { openDatabase } = await import('@borderflow/db');
  const { writeOpenDataDump, loadPseudonymSecret } = await import('@borderflow/api');
  // Yesterday, gate-local (+07:00).
  const date = values.date ?? new Date(Date.now() + 7 * 3_600_000 - 24 * 3_600_000).toISOString().slice(0, 10);
  const db = await openDatabase({ dataDir: join(dataDir, 'pglite') });
  try {
    const files = await writeOpenDataDump(db.prisma, {
      date,
      outDir: resolve(values.out),
      secret: loadPseudonymSecret({ ...process.env, DATA_DIR: dataDir }),
      ...(values.gate ? { gates: values.gate } : {}),
    });
    for (const f of files) console.log(f);
  } finally {
    await db.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
