/**
 * The console's build makes @borderflow/contracts' schemas lazy (issue 15, "Phones at the border").
 *
 * A CPU profile of a driver's page start on a phone named one task first: evaluating contracts,
 * which builds every route's zod schemas (~360 top-level ones and what they contain), though the
 * page parses the answers of a handful of routes. Here each top-level `const ZxxxSchema = …` of a
 * contracts module, and each top-level `const x = z.…(…)`, becomes
 * `const ZxxxSchema = lazySchema(() => …)` (services/contracts/src/lazy-schema.ts): the schema is
 * built the first time something reads it, with the very declaration the server uses. Only the
 * console's build does this (`apply: 'build'`); the server, the workers, unit tests and the dev
 * server evaluate contracts as written.
 *
 * Left eager: declarations that are not schemas by name or by their `z.` call (functions, arrays of
 * options, objects of shapes), since a stand-in is an object and would not call or spread alike.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseAst, type Plugin } from 'vite';

const CONTRACTS_SRC = /[\\/]services[\\/]contracts[\\/]src[\\/].+\.ts$/;
const LAZY_SCHEMA_MODULE = fileURLToPath(new URL('../../../services/contracts/src/lazy-schema.ts', import.meta.url));
/** The documenso naming every schema of contracts follows. */
const SCHEMA_NAME = /^Z\w*Schema$/;

interface Node {
  type: string;
  start: number;
  end: number;
  [key: string]: unknown;
}

/** The identifier a call/member chain starts from: `z` for `z.string().min(1)`. */
function chainRoot(node: Node | undefined): string | undefined {
  let n = node;
  while (n) {
    if (n.type === 'Identifier') return n.name as string;
    if (n.type === 'CallExpression') n = n.callee as Node;
    else if (n.type === 'MemberExpression' || n.type === 'StaticMemberExpression') n = n.object as Node;
    else if (n.type === 'TSAsExpression' || n.type === 'TSSatisfiesExpression' || n.type === 'ParenthesizedExpression') n = n.expression as Node;
    else return undefined;
  }
  return undefined;
}

function unwrapped(node: Node): Node {
  let n = node;
  while (n.type === 'TSAsExpression' || n.type === 'TSSatisfiesExpression' || n.type === 'ParenthesizedExpression') n = n.expression as Node;
  return n;
}

/**
 * Is every use of `name` in the module, but its declaration, a property read (`name.x`)? Walks the
 * AST (comments and strings do not count); property names and object keys are not uses.
 */
function onlyReadThrough(program: Node, name: string): boolean {
  let ok = true;
  const visit = (node: unknown, parent: Node | null, key: string): void => {
    if (!ok || !node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach((n) => visit(n, parent, key));
    const n = node as Node;
    if (n.type === 'Identifier' && n.name === name) {
      const declared = parent?.type === 'VariableDeclarator' && key === 'id';
      const read = (parent?.type === 'MemberExpression' || parent?.type === 'StaticMemberExpression') && key === 'object';
      if (!declared && !read) ok = false;
      return;
    }
    for (const [k, child] of Object.entries(n)) {
      if (k === 'type' || k === 'start' || k === 'end') continue;
      // `x.name` and `{ name: … }` name a property, not the variable.
      if (k === 'property' && !n.computed && (n.type === 'MemberExpression' || n.type === 'StaticMemberExpression')) continue;
      if (k === 'key' && !n.computed && (n.type === 'Property' || n.type === 'PropertyDefinition' || n.type === 'MethodDefinition')) continue;
      visit(child, n, k);
    }
  };
  visit(program, null, '');
  return ok;
}

/**
 * True for an initialiser that builds schemas: a `Z…Schema` that is not a function, a call chain
 * from `z`, or a module-private call whose result the module only reads properties of (a family of
 * schemas built by a helper, e.g. live-times.ts' `const live = timedSchemas(…)`, `live.lane`).
 */
function isSchemaInit(name: string, init: Node, exported: boolean, program: Node): boolean {
  const value = unwrapped(init);
  if (['ArrowFunctionExpression', 'FunctionExpression', 'ClassExpression', 'Literal', 'ObjectExpression', 'ArrayExpression', 'TemplateLiteral'].includes(value.type)) return false;
  if (SCHEMA_NAME.test(name)) return true;
  if (value.type !== 'CallExpression') return false;
  return chainRoot(value) === 'z' || (!exported && onlyReadThrough(program, name));
}

/**
 * A contracts module's source with its top-level schemas made lazy, or null when it has none.
 *
 * @example
 * lazySchemas("export const ZIdSchema = z.string();", '/lazy-schema.ts');
 * // import { lazySchema as __lazySchema } from '/lazy-schema.ts';
 * // export const ZIdSchema = __lazySchema(() => (z.string())); with a pure annotation before the call,
 * // so a schema nothing reads is left out of the bundle
 */
export function lazySchemas(code: string, runtime: string = LAZY_SCHEMA_MODULE): string | null {
  if (!code.includes('const ')) return null;
  const cuts: Array<[number, number]> = [];
  const program = parseAst(code, { lang: 'ts' }) as unknown as Node & { body: Node[] };
  for (const statement of program.body) {
    const declaration = statement.type === 'ExportNamedDeclaration' ? (statement.declaration as Node | null) : statement;
    if (!declaration || declaration.type !== 'VariableDeclaration' || declaration.kind !== 'const') continue;
    for (const declarator of declaration.declarations as Node[]) {
      const id = declarator.id as Node;
      const init = declarator.init as Node | null;
      if (id.type !== 'Identifier' || !init) continue;
      if (isSchemaInit(id.name as string, init, statement.type === 'ExportNamedDeclaration', program)) cuts.push([init.start, init.end]);
    }
  }
  if (cuts.length === 0) return null;
  let out = code;
  for (const [start, end] of cuts.sort((a, b) => b[0] - a[0])) out = `${out.slice(0, start)}/* @__PURE__ */ __lazySchema(() => (${out.slice(start, end)}))${out.slice(end)}`;
  return `import { lazySchema as __lazySchema } from ${JSON.stringify(runtime)};\n${out}`;
}

/**
 * @example plugins: [react(), lazySchemasPlugin()]
 */
export function lazySchemasPlugin(): Plugin {
  return {
    name: 'borderflow-lazy-schemas',
    apply: 'build',
    enforce: 'pre',
    load(id) {
      const file = id.replace(/\?.*$/, '');
      if (!CONTRACTS_SRC.test(file) || file.endsWith('.test.ts') || file === LAZY_SCHEMA_MODULE) return null;
      const code = lazySchemas(readFileSync(file, 'utf8'));
      return code === null ? null : { code, moduleType: 'ts' };
    },
  };
}
