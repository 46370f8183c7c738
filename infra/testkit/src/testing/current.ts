/**
 * Stands for the object of the running test. Test files name a fixture once at the top (`const { s } = use…()`),
 * while the object itself is made afresh in a beforeEach/beforeAll hook.
 *
 * @example
 * let scheduler: GateScheduler | undefined;
 * beforeEach(async () => { scheduler = await kimThanhScheduler(redis, T0); });
 * const s = current(() => scheduler); // s.checkIn(…) calls this test's scheduler
 */
export function current<T extends object>(get: () => T | undefined): T {
  return new Proxy({} as T, {
    get(_, key) {
      const target = get();
      if (!target) throw new Error('used outside a test: the fixture is made in a before hook');
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
