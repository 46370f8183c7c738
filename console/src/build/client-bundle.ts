/**
 * What a phone downloads first (issue 15, "Phones at the border"): the console's build keeps out of
 * the first bundle what the page on screen never reads.
 *
 * - Languages: each feature's words live in one file with all three languages (i18n/<feature>.ts,
 *   so a missing word is a type error). The first bundle keeps only Vietnamese (the default and the
 *   fallback of every lookup); i18n/dictionary-en.ts and dictionary-zh.ts, loaded by
 *   i18n/load-locale.ts when someone picks that language, import the same feature files with only
 *   their own language kept. Tests and the dev server skip this (it is `apply: 'build'`): there every
 *   dictionary is complete from the start, which load-locale.ts sees as "already loaded".
 * - Route examples: @borderflow/contracts attaches request/response examples to every route for the
 *   OpenAPI document (routes/examples/*-examples.ts, ~90 KB of source). The console only calls the
 *   routes, so in its build each examples module exports empty tables and `withExamples` leaves the
 *   routes as they are.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAst, type Plugin } from 'vite';

const I18N_DIR = fileURLToPath(new URL('../app/i18n/', import.meta.url));
/** The languages loaded on demand (i18n/dictionary-<locale>.ts). */
type SplitLocale = 'en' | 'zh';
const LOCALE_QUERY = /\?locale=(en|zh)$/;
/** The language every build keeps in the first bundle (DEFAULT_LOCALE). */
const FIRST_LOCALE = 'vi';

/** `…/services/contracts/src/routes/examples/trip-examples.ts`, not example-ids.ts (ids the client uses). */
const ROUTE_EXAMPLES = /[\\/]services[\\/]contracts[\\/]src[\\/]routes[\\/]examples[\\/][\w-]+-examples\.ts$/;

interface Node {
  type: string;
  start: number;
  end: number;
  [key: string]: unknown;
}

/**
 * The source of a feature file with every language but `keep` emptied: the `vi`/`en`/`zh`
 * properties of its `defineMessages({…})` call become `{}`. Files without such a call come back as
 * they are.
 *
 * @example
 * keepLocale("export const m = defineMessages({ vi: { a: 'x' }, en: { a: 'y' }, zh: { a: 'z' } });", 'en');
 * // "export const m = defineMessages({ vi: {}, en: { a: 'y' }, zh: {} });"
 */
export function keepLocale(code: string, keep: string): string {
  if (!code.includes('defineMessages(')) return code;
  const cuts: Array<[number, number]> = [];
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(visit);
    const n = node as Node;
    const callee = n.callee as Node | undefined;
    if (n.type === 'CallExpression' && callee?.type === 'Identifier' && callee.name === 'defineMessages') {
      const arg = (n.arguments as Node[])[0];
      if (arg?.type === 'ObjectExpression') {
        for (const prop of arg.properties as Node[]) {
          const key = prop.key as Node | undefined;
          const name = key ? ((key.name ?? key.value) as string | undefined) : undefined;
          const value = prop.value as Node | undefined;
          if (name && name !== keep && ['vi', 'en', 'zh'].includes(name) && value) cuts.push([value.start, value.end]);
        }
      }
      return;
    }
    for (const [key, child] of Object.entries(n)) if (key !== 'type') visit(child);
  };
  visit(parseAst(code, { lang: 'ts' }));
  let out = code;
  for (const [start, end] of cuts.sort((a, b) => b[0] - a[0])) out = `${out.slice(0, start)}{}${out.slice(end)}`;
  return out;
}

/**
 * A module that exports the same names as `code` (its `export const NAME`), each an empty object.
 *
 * @example emptyExports('export const TRIP_EXAMPLES = { … };'); // 'export const TRIP_EXAMPLES = {};\n'
 */
export function emptyExports(code: string): string {
  const names = [...code.matchAll(/^export const (\w+)/gm)].map((m) => m[1]);
  return names.map((name) => `export const ${name} = {};\n`).join('');
}

function inI18n(file: string): boolean {
  return dirname(file) + sep === I18N_DIR;
}

function cleanId(id: string): string {
  return id.replace(/\?.*$/, '');
}

/**
 * @example plugins: [react(), clientBundlePlugin(), precompressPlugin()]
 */
export function clientBundlePlugin(): Plugin {
  return {
    name: 'borderflow-client-bundle',
    apply: 'build',
    enforce: 'pre',
    async resolveId(source, importer) {
      if (!importer || !source.startsWith('.')) return null;
      // Inside a language's own graph (dictionary-en.ts or a module imported with ?locale=en), the
      // i18n files it imports are that language's copies.
      const importerFile = cleanId(importer);
      const fromDictionary = inI18n(importerFile) && /dictionary-(en|zh)\.ts$/.exec(importerFile);
      const locale = LOCALE_QUERY.exec(importer)?.[1] ?? (fromDictionary ? fromDictionary[1] : undefined);
      if (!locale) return null;
      const resolved = await this.resolve(source, importer, { skipSelf: true });
      // Modules without words (define-messages.ts) are copied too: a few hundred bytes in the
      // language's chunk, rather than a shared chunk the first page would wait for.
      if (!resolved || !inI18n(cleanId(resolved.id)) || resolved.id.includes('?')) return resolved;
      return `${resolved.id}?locale=${locale}`;
    },
    load(id) {
      const file = cleanId(id);
      if (ROUTE_EXAMPLES.test(file)) return emptyExports(readFileSync(file, 'utf8'));
      if (!inI18n(file) || !file.endsWith('.ts') || /dictionary-(en|zh)\.ts$/.test(file)) return null;
      const locale = (LOCALE_QUERY.exec(id)?.[1] as SplitLocale | undefined) ?? FIRST_LOCALE;
      const code = readFileSync(file, 'utf8');
      const kept = keepLocale(code, locale);
      return kept === code ? null : { code: kept, moduleType: 'ts' };
    },
  };
}

const ROUTES_DIR = fileURLToPath(new URL('../app/routes/', import.meta.url));

/**
 * Which page module each lazily loaded route renders, read from the route tables
 * (src/app/routes/*-routes.tsx: `const X = lazy(() => import('…'))` and `{ path: '…', … render: () => <X … /> }`).
 *
 * @example routePageModules()['/driver/register']; // '/…/console/src/app/driver/register-page.tsx'
 */
export function routePageModules(dir: string = ROUTES_DIR): Record<string, string> {
  const out: Record<string, string> = {};
  for (const file of readdirSync(dir).filter((f) => f.endsWith('-routes.tsx'))) {
    const code = readFileSync(join(dir, file), 'utf8');
    const modules = new Map([...code.matchAll(/const (\w+) = lazy\(\(\) => import\('([^']+)'\)\)/g)].map((m) => [m[1]!, resolve(dir, m[2]!)]));
    for (const m of code.matchAll(/path: '([^']+)'[\s\S]*?render: \([^)]*\) => <(\w+)/g)) {
      const module = modules.get(m[2]!);
      if (module) out[m[1]!] = module;
    }
  }
  return out;
}

/**
 * The preload script: on a path of the table, asks for that page's chunks (and styles) at once,
 * while the main bundle downloads, instead of after it has run. Plain ES5-ish JavaScript, run as a
 * classic script before the module entry (the API's CSP allows only scripts of its own origin, so
 * it is a file, not inline).
 */
export function preloadScript(table: Record<string, { js: string[]; css: string[] }>): string {
  return `(function(){var t=${JSON.stringify(table)};var h=location.pathname.split('/').filter(Boolean);
for(var p in t){var w=p.split('/').filter(Boolean);if(w.length!==h.length)continue;var ok=true;
for(var i=0;i<w.length;i++)if(w[i].charAt(0)!==':'&&w[i]!==h[i]){ok=false;break}
if(!ok)continue;var add=function(rel,href,as){var l=document.createElement('link');l.rel=rel;l.href=href;if(as)l.as=as;l.crossOrigin='';document.head.appendChild(l)};
t[p].js.forEach(function(f){add('modulepreload','/'+f)});t[p].css.forEach(function(f){add('preload','/'+f,'style')});break}})();
`;
}

/**
 * A phone opening /driver/register waits for the main bundle to download and run before it even
 * asks for the register page's chunk: two round trips on slow 4G before the page's largest paint.
 * This writes assets/route-preload-<hash>.js (see preloadScript) and loads it from index.html.
 *
 * @example plugins: [react(), routePreloadPlugin()]
 */
export function routePreloadPlugin(): Plugin {
  return {
    name: 'borderflow-route-preload',
    apply: 'build',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).filter((c) => c.type === 'chunk');
      const entry = chunks.find((c) => c.isEntry);
      const html = bundle['index.html'];
      if (!entry || !html || html.type !== 'asset') return;
      const byModule = new Map(chunks.filter((c) => c.facadeModuleId).map((c) => [c.facadeModuleId!, c]));
      const byFile = new Map(chunks.map((c) => [c.fileName, c]));
      // What index.html loads already (the entry and its static imports).
      const loaded = new Set([entry.fileName, ...entry.imports]);
      const table: Record<string, { js: string[]; css: string[] }> = {};
      for (const [path, module] of Object.entries(routePageModules())) {
        const page = byModule.get(module);
        if (!page) continue;
        const js = new Set<string>();
        const css = new Set<string>();
        const visit = (file: string) => {
          const chunk = byFile.get(file);
          if (!chunk || js.has(file) || loaded.has(file)) return;
          js.add(file);
          for (const sheet of (chunk as { viteMetadata?: { importedCss?: Set<string> } }).viteMetadata?.importedCss ?? []) css.add(sheet);
          chunk.imports.forEach(visit);
        };
        visit(page.fileName);
        table[path] = { js: [...js], css: [...css] };
      }
      const source = preloadScript(table);
      const fileName = `assets/route-preload-${createHash('sha256').update(source).digest('hex').slice(0, 8)}.js`;
      this.emitFile({ type: 'asset', fileName, source });
      // Before the entry's <script type="module">: a classic script runs first, and is small.
      html.source = String(html.source).replace('<script type="module"', `<script src="/${fileName}"></script>\n  <script type="module"`);
    },
  };
}
