// Types of the values redis-global-setup hands to tests through vitest's provide()/inject().
// Imported type-only by the files that need it, so it never loads vitest at run time.
import type {} from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The Redis every test of this run uses (same value as process.env.REDIS_URL in workers). */
    redisUrl: string;
  }
}

export {};
