/**
 * The mutation-testing targets (issue 16): what Stryker mutates and which fast unit tests may kill
 * the mutants. One entry per target; `npm run mutation -- <name>` runs one. Only pure unit tests
 * are listed: a mutant is run against the tests that cover it, so a server test here would make a
 * run take hours, and a rule is only "tested" when a fast test beside it fails on its mutants.
 */
export interface MutationTarget {
  /** What is mutated (repository-relative globs, Stryker's `mutate`). */
  mutate: string[];
  /** The vitest files that may kill the mutants (repository-relative globs). */
  tests: string[];
}

export const MUTATION_TARGETS = {
  identifiers: {
    mutate: ['services/contracts/src/identifiers/*.ts', '!services/contracts/src/identifiers/*.test.ts'],
    tests: ['services/contracts/src/identifiers/*.test.ts'],
  },
  'priority-class': {
    mutate: ['services/api/src/trips/priority-class.ts', 'services/contracts/src/perishable-headings.ts'],
    tests: ['services/api/src/trips/priority-class.test.ts', 'services/contracts/src/perishable-headings.test.ts'],
  },
  'sim-statistics': {
    mutate: ['simulators/traffic/src/sim/statistics.ts', 'simulators/traffic/src/sim/erlang.ts'],
    tests: ['simulators/traffic/src/sim/statistics.test.ts'],
  },
} satisfies Record<string, MutationTarget>;

export type MutationTargetName = keyof typeof MUTATION_TARGETS;

export function isMutationTarget(name: string): name is MutationTargetName {
  return Object.hasOwn(MUTATION_TARGETS, name);
}

/** The environment variable that tells the vitest config (loaded inside Stryker's sandbox) the target. */
export const TARGET_ENV = 'BORDERFLOW_MUTATION_TARGET';
