// Vitest 5 declares Node ^22.12 and its main process calls Map.groupBy / Object.groupBy (Node 21)
// and Promise.withResolvers (Node 22) — e.g. when it prints failed tests, which on Node 20 crashed
// the reporter and hid the failures. BorderFlow supports Node 20, so the shared vitest config loads
// these small, spec-following fills into vitest's main process. They do nothing on Node 22+.

type Key = PropertyKey;
// tsconfig's lib is ES2023 (Node 20), which does not declare these; look them up untyped.
const has = (target: object, name: string): boolean => typeof (target as Record<string, unknown>)[name] === 'function';

if (!has(Map, 'groupBy')) {
  Object.defineProperty(Map, 'groupBy', {
    configurable: true,
    writable: true,
    value: function groupBy<T, K>(items: Iterable<T>, keyOf: (item: T, index: number) => K): Map<K, T[]> {
      const groups = new Map<K, T[]>();
      let index = 0;
      for (const item of items) {
        const key = keyOf(item, index++);
        const group = groups.get(key);
        if (group) group.push(item);
        else groups.set(key, [item]);
      }
      return groups;
    },
  });
}

if (!has(Object, 'groupBy')) {
  Object.defineProperty(Object, 'groupBy', {
    configurable: true,
    writable: true,
    value: function groupBy<T>(items: Iterable<T>, keyOf: (item: T, index: number) => Key): Partial<Record<Key, T[]>> {
      const groups = Object.create(null) as Record<Key, T[]>;
      let index = 0;
      for (const item of items) {
        const key = keyOf(item, index++);
        (groups[key] ??= []).push(item);
      }
      return groups;
    },
  });
}

if (!has(Promise, 'withResolvers')) {
  Object.defineProperty(Promise, 'withResolvers', {
    configurable: true,
    writable: true,
    value: function withResolvers<T>() {
      let resolve!: (value: T | PromiseLike<T>) => void;
      let reject!: (reason?: unknown) => void;
      const promise = new Promise<T>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      return { promise, resolve, reject };
    },
  });
}

export {};
