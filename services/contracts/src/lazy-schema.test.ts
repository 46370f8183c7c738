/**
 * A stand-in made by lazySchema answers as its schema does: parses alike (answers and refusals),
 * composes into other schemas, passes `instanceof`, and is built once, only when first read.
 * (The console's build makes every contracts schema one; console/src/build/lazy-schemas.test.ts
 * runs the whole route table through such a build.)
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ZTripStateSchema } from './domain.ts';
import { ZPlateSchema } from './identifiers/plate.ts';
import { lazySchema, lazySchemaStats } from './lazy-schema.ts';
import { ZCreateTripRequestSchema } from './trip.ts';

describe('lazySchema', () => {
  it('builds its schema on the first read, once', () => {
    let builds = 0;
    const before = lazySchemaStats.built;
    const lazy = lazySchema(() => {
      builds += 1;
      return z.string().min(2);
    });
    expect(builds).toBe(0);
    expect(lazy.parse('ab')).toBe('ab');
    expect(lazy.safeParse('a').success).toBe(false);
    expect(builds).toBe(1);
    expect(lazySchemaStats.built).toBe(before + 1);
  });

  it('parses and refuses as its schema does, with the same issues', () => {
    const lazy = lazySchema(() => ZPlateSchema);
    for (const input of ['24C-123.45', '２４Ｃ－１２３．４５', '24C-I23.45', '', 42]) {
      const eager = ZPlateSchema.safeParse(input);
      const stand = lazy.safeParse(input);
      expect(stand.success).toBe(eager.success);
      expect(stand.data).toEqual(eager.data);
      expect(stand.error?.issues).toEqual(eager.error?.issues);
    }
  });

  it('composes: inside objects, arrays, unions, optional, extend, pick', () => {
    const state = lazySchema(() => ZTripStateSchema);
    const plate = lazySchema(() => ZPlateSchema);
    const truck = lazySchema(() => z.object({ plate, state: state.optional() }));
    const list = z.object({ trucks: z.array(truck), kind: z.discriminatedUnion('k', [z.object({ k: z.literal('a'), s: state }), z.object({ k: z.literal('b') })]) });
    const parsed = list.parse({ trucks: [{ plate: ' 24C-123.45 ', state: 'queued' }, { plate: '24C-1234' }], kind: { k: 'a', s: 'called' } });
    expect(parsed.trucks[0]).toEqual({ plate: ZPlateSchema.parse(' 24C-123.45 '), state: 'queued' });
    expect(list.safeParse({ trucks: [{ plate: 'x' }], kind: { k: 'b' } }).error?.issues[0]?.path).toEqual(['trucks', 0, 'plate']);
    const extended = truck.extend({ note: z.string() });
    expect(extended.parse({ plate: '24C-1234', note: 'n' }).note).toBe('n');
    expect(Object.keys(truck.pick({ plate: true }).shape)).toEqual(['plate']);
    expect(state.options).toEqual(ZTripStateSchema.options);
  });

  it('is an instance of its schema class and lists its keys', () => {
    const lazy = lazySchema(() => ZCreateTripRequestSchema);
    expect(lazy instanceof z.ZodType).toBe(true);
    expect(lazy instanceof z.ZodObject).toBe(true);
    expect('shape' in lazy).toBe(true);
    expect(Reflect.ownKeys(lazy)).toEqual(Reflect.ownKeys(ZCreateTripRequestSchema));
    expect(Object.getOwnPropertyDescriptor(lazy, '_zod')?.value).toBe(ZCreateTripRequestSchema._zod);
    expect(lazy.shape).toBe(ZCreateTripRequestSchema.shape);
  });
});
