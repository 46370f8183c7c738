/**
 * schema.prisma and the hand-written SQL migrations must describe the same database:
 * the Prisma client is generated from the first, the database is built from the second.
 * This test migrates a fresh database and compares it with the schema file, both ways.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from './test-database.ts';

interface ParsedField {
  name: string;
  column: string;
  type: string;
  optional: boolean;
  list: boolean;
  attrs: string;
}
interface ParsedModel {
  name: string;
  table: string;
  fields: ParsedField[];
  /** Relation fields' FK columns. */
  foreignKeys: string[][];
  /** [columns, unique] from @unique, @@unique and @@index. */
  indexes: Array<{ columns: string[]; unique: boolean }>;
}
interface ParsedSchema {
  models: ParsedModel[];
  enums: Map<string, { dbName: string; values: string[] }>;
}

function parseSchema(text: string): ParsedSchema {
  const enums = new Map<string, { dbName: string; values: string[] }>();
  const blocks = [...text.matchAll(/^(model|enum)\s+(\w+)\s*\{([\s\S]*?)^\}/gm)];
  for (const [, kind, name, body] of blocks) {
    if (kind !== 'enum') continue;
    const lines = body!.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('//'));
    const map = lines.find((l) => l.startsWith('@@map'))?.match(/"(.+)"/)?.[1];
    enums.set(name!, { dbName: map ?? name!, values: lines.filter((l) => !l.startsWith('@@')) });
  }
  const modelNames = new Set(blocks.filter((b) => b[1] === 'model').map((b) => b[2]!));
  const models: ParsedModel[] = [];
  for (const [, kind, name, body] of blocks) {
    if (kind !== 'model') continue;
    const lines = body!.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('//'));
    const model: ParsedModel = { name: name!, table: name!, fields: [], foreignKeys: [], indexes: [] };
    const columnOf = (field: string) => model.fields.find((f) => f.name === field)?.column ?? field;
    const blockAttrs: string[] = [];
    for (const line of lines) {
      if (line.startsWith('@@')) {
        blockAttrs.push(line);
        continue;
      }
      const m = line.match(/^(\w+)\s+(\w+)(\[\]|\?)?\s*(.*)$/);
      if (!m) continue;
      const [, fieldName, type, modifier, attrs] = m;
      if (modelNames.has(type!)) {
        const fk = attrs!.match(/fields:\s*\[([^\]]+)\]/)?.[1];
        if (fk) model.foreignKeys.push(fk.split(',').map((s) => s.trim()));
        continue;
      }
      const column = attrs!.match(/@map\("([^"]+)"\)/)?.[1] ?? fieldName!;
      model.fields.push({ name: fieldName!, column, type: type!, optional: modifier === '?', list: modifier === '[]', attrs: attrs! });
      if (/@unique\b/.test(attrs!)) model.indexes.push({ columns: [column], unique: true });
    }
    for (const attr of blockAttrs) {
      const map = attr.match(/^@@map\("(.+)"\)/);
      if (map) model.table = map[1]!;
      const idx = attr.match(/^@@(unique|index)\(\[([^\]]+)\]/);
      if (idx) model.indexes.push({ unique: idx[1] === 'unique', columns: idx[2]!.split(',').map((s) => s.trim()) });
    }
    // FK and @@ index lists name fields; the database knows columns.
    model.foreignKeys = model.foreignKeys.map((cols) => cols.map(columnOf));
    model.indexes = model.indexes.map((i) => ({ ...i, columns: i.columns.map(columnOf) }));
    models.push(model);
  }
  return { models, enums };
}

const SCALAR_TYPES: Record<string, string> = {
  String: 'text',
  Int: 'integer',
  BigInt: 'bigint',
  Float: 'double precision',
  Boolean: 'boolean',
  DateTime: 'timestamp with time zone',
  Json: 'jsonb',
};

interface ColumnRow {
  table_name: string;
  column_name: string;
  data_type: string;
  udt_name: string;
  is_nullable: 'YES' | 'NO';
  column_default: string | null;
}

describe('schema.prisma agrees with the SQL migrations', () => {
  let db: TestDatabase;
  let schema: ParsedSchema;
  let columns: ColumnRow[];

  beforeAll(async () => {
    db = await openTestDatabase();
    schema = parseSchema(await readFile(fileURLToPath(new URL('../schema.prisma', import.meta.url)), 'utf8'));
    columns = await db.prisma.$queryRawUnsafe<ColumnRow[]>(
      `SELECT table_name, column_name, data_type, udt_name, is_nullable, column_default
         FROM information_schema.columns WHERE table_schema = 'public'`,
    );
  });
  afterAll(() => db?.close());

  it('parses the schema (guards the parser itself)', () => {
    expect(schema.models.map((m) => m.table)).toContain('gate_events');
    expect(schema.models.find((m) => m.name === 'Trip')?.fields.find((f) => f.name === 'vehicleId')?.column).toBe('vehicle_id');
    expect(schema.enums.get('TripState')?.values).toContain('exit_queue');
  });

  it('has exactly the tables of the models (plus _prisma_migrations)', () => {
    const tables = new Set(columns.map((c) => c.table_name));
    expect([...tables].sort()).toEqual([...schema.models.map((m) => m.table), '_prisma_migrations'].sort());
  });

  it('has every field as a column of the right type and nullability, and no other column', () => {
    const problems: string[] = [];
    for (const model of schema.models) {
      const dbColumns = columns.filter((c) => c.table_name === model.table);
      for (const field of model.fields) {
        const col = dbColumns.find((c) => c.column_name === field.column);
        const where = `${model.name}.${field.name} (${model.table}.${field.column})`;
        if (!col) {
          problems.push(`${where}: column missing`);
          continue;
        }
        const enumType = schema.enums.get(field.type);
        if (field.list) {
          if (col.data_type !== 'ARRAY' || col.udt_name !== `_${enumType ? enumType.dbName : 'text'}`) problems.push(`${where}: expected a list, got ${col.data_type} ${col.udt_name}`);
        } else if (enumType) {
          if (col.data_type !== 'USER-DEFINED' || col.udt_name !== enumType.dbName) problems.push(`${where}: expected enum ${enumType.dbName}, got ${col.udt_name}`);
        } else if (col.data_type !== SCALAR_TYPES[field.type]) {
          problems.push(`${where}: expected ${SCALAR_TYPES[field.type]}, got ${col.data_type}`);
        }
        // Prisma creates list columns nullable; everything else follows `?`.
        const nullable = field.optional || field.list;
        if ((col.is_nullable === 'YES') !== nullable) problems.push(`${where}: nullable should be ${nullable}`);
        // @default(...) must be in the SQL, except the ones Prisma fills in client-side.
        const dbDefault = /@default\((?!uuid\(\)|cuid\(\))/.test(field.attrs);
        if (dbDefault !== (col.column_default !== null)) problems.push(`${where}: default ${dbDefault ? 'missing' : 'unexpected'} (${col.column_default})`);
      }
      for (const col of dbColumns) {
        if (!model.fields.some((f) => f.column === col.column_name)) problems.push(`${model.table}.${col.column_name}: not in schema.prisma`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('has the enums with the same values', async () => {
    const rows = await db.prisma.$queryRawUnsafe<Array<{ typname: string; labels: string[] }>>(
      `SELECT t.typname, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS labels
         FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname`,
    );
    const inDb = Object.fromEntries(rows.map((r) => [r.typname, r.labels]));
    const inSchema = Object.fromEntries([...schema.enums.values()].map((e) => [e.dbName, e.values]));
    expect(inDb).toEqual(inSchema);
  });

  it('has the unique constraints, indexes and foreign keys of the schema', async () => {
    const indexes = await db.prisma.$queryRawUnsafe<Array<{ tablename: string; indexname: string; indexdef: string }>>(
      `SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'`,
    );
    const fks = await db.prisma.$queryRawUnsafe<Array<{ conname: string }>>(
      `SELECT conname FROM pg_constraint WHERE contype = 'f'`,
    );
    const problems: string[] = [];
    for (const model of schema.models) {
      for (const index of model.indexes) {
        const name = `${model.table}_${index.columns.join('_')}_${index.unique ? 'key' : 'idx'}`;
        const found = indexes.find((i) => i.indexname === name && i.tablename === model.table);
        if (!found) problems.push(`index ${name} missing`);
        else if (/^CREATE UNIQUE/.test(found.indexdef) !== index.unique) problems.push(`index ${name}: uniqueness differs`);
      }
      for (const cols of model.foreignKeys) {
        const name = `${model.table}_${cols.join('_')}_fkey`;
        if (!fks.some((f) => f.conname === name)) problems.push(`foreign key ${name} missing`);
      }
    }
    expect(problems).toEqual([]);
    // Not in schema.prisma (Prisma cannot express partial indexes) but relied upon by the API.
    const active = indexes.find((i) => i.indexname === 'trips_one_active_per_vehicle');
    expect(active?.indexdef).toMatch(/UNIQUE INDEX .* \(vehicle_id\) WHERE/);
  });
});
