/**
 * Names for the PostgreSQL statements the Prisma client sends, so each connection parses a statement
 * once and then only binds and runs it. Unnamed, every statement was parsed, analysed and planned on
 * every call: ~1.5 ms of PostgreSQL's ~6 ms a registration went to planning alone
 * (pg_stat_statements, benchmarks/RESULTS.md). A named statement also lets PostgreSQL keep a generic
 * plan once it costs no more than the custom ones (plan_cache_mode auto).
 *
 * Bounded, because each name is a prepared statement held by every connection of the pool: texts that
 * vary with a list's length (`IN ($1, …, $n)`) would otherwise prepare without end. Statements without
 * parameters stay unnamed (the simple protocol, which also allows several commands in one text).
 */

/** Most distinct texts named per process; later ones run unnamed. */
export const MAX_NAMED_STATEMENTS = 500;
/** A text with more parameters than this is a long list, seldom the same twice. */
export const MAX_NAMED_PARAMETERS = 64;

/**
 * @example
 * const names = statementNames();
 * new PrismaPg(pool, { statementNameGenerator: names });
 * names({ sql: 'SELECT $1', args: [1] }); // 'bf_1', the same for the same text
 */
export function statementNames(max = MAX_NAMED_STATEMENTS): (query: { sql: string; args: unknown[] }) => string | undefined {
  const names = new Map<string, string>();
  return ({ sql, args }) => {
    if (args.length === 0 || args.length > MAX_NAMED_PARAMETERS) return undefined;
    let name = names.get(sql);
    if (name === undefined && names.size < max) {
      name = `bf_${names.size + 1}`;
      names.set(sql, name);
    }
    return name;
  };
}
