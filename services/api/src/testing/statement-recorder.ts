/**
 * The SQL statements a test's platform sends, for tests that count a request's statements (the
 * database's `onStatement` hook): `onStatement` goes to the database options, `during` returns what
 * one call sent.
 *
 * @example
 * const statements = statementRecorder();
 * t = await startTestApi({ role: 'api' }, { onStatement: statements.onStatement });
 * const sql = await statements.during(() => t.call('POST', '/v1/trips', …));
 */
export function statementRecorder(): { onStatement: (sql: string) => void; during: (call: () => Promise<unknown>) => Promise<string[]> } {
  let seen: string[] = [];
  return {
    onStatement: (sql) => { seen.push(sql); },
    async during(call) {
      seen = [];
      await call();
      const mine = seen;
      seen = [];
      return mine;
    },
  };
}
