/**
 * A schema built on its first use (issue 15, "Phones at the border").
 *
 * Evaluating this package builds every schema of every route: ~360 top-level zod schemas and the
 * ones inside them, about a quarter of a second of a phone's CPU in one task before a driver's
 * page can paint, for pages that parse the answers of five routes. The console's build
 * (console/src/build/lazy-schemas.ts) rewrites each top-level `const ZxxxSchema = …` of this
 * package into `lazySchema(() => …)`: the declaration stays the one rulebook, and a phone pays
 * only for the schemas its page touches. The server, the workers and every test import the
 * sources as they are (eager), so nothing changes for them.
 *
 * The stand-in forwards every operation to the schema (built once, on the first property read,
 * `instanceof`, `in`, key listing…): zod's own code reaches a schema's internals through
 * `schema._zod`, which the stand-in answers, and its methods run with the stand-in as `this`.
 * What a stand-in is not: the same object as the schema (identity), so registries keyed by the
 * schema (zod's `globalRegistry`, `.meta()`, JSON Schema generation) belong to the eager side.
 */

/** How many stand-ins have built their schema (the console's bench and tests read it). */
export const lazySchemaStats = { created: 0, built: 0 };

/**
 * @example
 * export const ZTripIdSchema = lazySchema(() => z.string().uuid());
 * ZTripIdSchema.parse('…'); // built here, once
 */
export function lazySchema<T extends object>(build: () => T): T {
  lazySchemaStats.created += 1;
  let real: T | undefined;
  const schema = (): T => {
    if (real === undefined) {
      real = build();
      lazySchemaStats.built += 1;
    }
    return real;
  };
  // The target only keeps the invariants JavaScript checks on proxies: a property the schema
  // reports as non-configurable (zod's `_zod`) must exist, alike, on the target too.
  const target = {} as T;
  const mirror = (key: string | symbol, desc: PropertyDescriptor | undefined) => {
    if (desc && !desc.configurable && !Object.prototype.hasOwnProperty.call(target, key)) Object.defineProperty(target, key, desc);
    return desc;
  };
  return new Proxy(target, {
    get: (_t, key) => Reflect.get(schema(), key),
    set: (_t, key, value) => Reflect.set(schema(), key, value),
    has: (_t, key) => Reflect.has(schema(), key),
    ownKeys: () => {
      const real = schema();
      const keys = Reflect.ownKeys(real);
      for (const key of keys) mirror(key, Reflect.getOwnPropertyDescriptor(real, key));
      return keys;
    },
    getOwnPropertyDescriptor: (_t, key) => mirror(key, Reflect.getOwnPropertyDescriptor(schema(), key)),
    defineProperty: (_t, key, desc) => {
      const ok = Reflect.defineProperty(schema(), key, desc);
      if (ok) mirror(key, Reflect.getOwnPropertyDescriptor(schema(), key));
      return ok;
    },
    deleteProperty: (_t, key) => Reflect.deleteProperty(schema(), key),
    getPrototypeOf: () => Reflect.getPrototypeOf(schema()),
  });
}
