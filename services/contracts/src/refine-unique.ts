/**
 * A zod refinement for lists whose items must not repeat (the same container
 * or declaration twice is always a typo). Shared by trip requests and the
 * agency messages.
 */
import type { z } from 'zod';

/**
 * Rejects a repeated key in a list; the issue points at the repeated item
 * (plus `subPath` inside it) with rule `duplicate`.
 *
 * @example
 * z.array(ZContainerInputSchema).superRefine(uniqueBy((c) => c.number, 'container', ['number']));
 */
export function uniqueBy<T>(key: (item: T) => string, label: string, subPath: (string | number)[] = []) {
  return (items: T[], ctx: z.RefinementCtx) => {
    const seen = new Set<string>();
    items.forEach((item, i) => {
      const k = key(item);
      if (seen.has(k)) {
        ctx.addIssue({ code: 'custom', path: [i, ...subPath], message: `${label} ${k} is listed twice`, params: { rule: 'duplicate', value: String(k) } });
      }
      seen.add(k);
    });
  };
}
