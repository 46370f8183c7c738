import { describe, expect, it } from 'vitest';
import { AppError } from './app-error.ts';

describe('AppError', () => {
  it('captures no stack for a refusal (4xx), keeps one for a fault (5xx), and leaves the global limit as it was', async () => {
    const limit = Error.stackTraceLimit;
    // Inside async frames, as a route's refusal is made.
    const [refusal, fault] = await (async () => {
      await Promise.resolve();
      return [new AppError('CONFLICT', 'This slot is full', 'slotStart'), new AppError('INTERNAL', 'boom')];
    })();
    expect(refusal.stack).not.toMatch(/\n\s+at /);
    expect(refusal.message).toBe('This slot is full');
    expect(fault.stack).toMatch(/\n\s+at /);
    expect(Error.stackTraceLimit).toBe(limit);
    expect(new Error('x').stack).toMatch(/\n\s+at /);
  });
});
