/**
 * Scenarios and named policies are JSON files in simulators/scenarios (and
 * its policies/ folder), validated by the contracts' zod schemas when read: a
 * broken file is reported with the field and the rule, never half-used.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DEFAULT_POLICY, ZSimPolicyFileSchema, ZSimScenarioSchema,
  type PolicyConfig, type SimCatalog, type SimPolicyFile, type SimScenario,
} from '@borderflow/contracts';

/** What this module needs of a zod schema. */
interface Schema<T> {
  safeParse(value: unknown):
    | { success: true; data: T }
    | { success: false; error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } };
}

export const SCENARIOS_DIR = fileURLToPath(new URL('../../../scenarios/', import.meta.url));
const POLICIES_DIR = join(SCENARIOS_DIR, 'policies');

/** Thrown for a missing or invalid scenario/policy file; `issues` name the fields. */
export class SimFileError extends Error {
  constructor(message: string, readonly kind: 'not_found' | 'invalid', readonly issues: string[] = []) {
    super(issues.length ? `${message}: ${issues.join('; ')}` : message);
    this.name = 'SimFileError';
  }
}

function readJson<T>(dir: string, id: string, schema: Schema<T>, what: string): T {
  if (!/^[a-z0-9][a-z0-9-]{0,63}$/.test(id)) throw new SimFileError(`${what} id "${id}" is not a file name`, 'not_found');
  let text: string;
  try {
    text = readFileSync(join(dir, `${id}.json`), 'utf8');
  } catch {
    throw new SimFileError(`no ${what} "${id}" in ${dir}`, 'not_found');
  }
  return parseSimFile(text, schema, `${what} ${id}`);
}

/**
 * Parses and validates a scenario or policy file's text.
 * @example parseSimFile(text, ZSimScenarioSchema, 'scenario peak')
 */
export function parseSimFile<T>(text: string, schema: Schema<T>, what: string): T {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new SimFileError(`${what} is not JSON`, 'invalid', [(err as Error).message]);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new SimFileError(`${what} is invalid`, 'invalid',
      parsed.error.issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`));
  }
  return parsed.data;
}

const ids = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort();

/** @example loadScenario('kim-thanh-normal').arrivals.trucksPerDay // 400 */
export function loadScenario(id: string): SimScenario {
  const scenario = readJson(SCENARIOS_DIR, id, ZSimScenarioSchema, 'scenario');
  if (scenario.id !== id) throw new SimFileError(`scenario file ${id}.json says its id is "${scenario.id}"`, 'invalid');
  return scenario;
}

/** @example loadPolicy('fifo').policy.agingMs // 1 */
export function loadPolicy(id: string): SimPolicyFile {
  const file = readJson(POLICIES_DIR, id, ZSimPolicyFileSchema, 'policy');
  if (file.id !== id) throw new SimFileError(`policy file ${id}.json says its id is "${file.id}"`, 'invalid');
  return file;
}

/** A policy file's fields over DEFAULT_POLICY (the published v1). */
export function policyConfig(file: SimPolicyFile): PolicyConfig {
  return { ...DEFAULT_POLICY, ...file.policy, crossCapPerHour: { ...DEFAULT_POLICY.crossCapPerHour, ...file.policy.crossCapPerHour } };
}

/** Every scenario and policy, for the console's list (GET /v1/simulations/scenarios). */
export function simCatalog(): SimCatalog {
  return {
    scenarios: ids(SCENARIOS_DIR).map((id) => {
      const s = loadScenario(id);
      return { id, title: s.title, description: s.description, ...(s.translations ? { translations: s.translations } : {}), trucksPerDay: s.arrivals.trucksPerDay, durationHours: s.durationHours, policy: s.policy };
    }),
    policies: ids(POLICIES_DIR).map((id) => {
      const p = loadPolicy(id);
      return { id, title: p.title, description: p.description, ...(p.translations ? { translations: p.translations } : {}) };
    }),
  };
}
