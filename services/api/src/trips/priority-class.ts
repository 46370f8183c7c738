/**
 * The server decides a trip's priority class (drivers cannot pick their own):
 * the published rule, in this order.
 */
import type { PriorityClass } from '@borderflow/contracts';

export interface PriorityInput {
  cargo: ReadonlyArray<{ perishable?: boolean | null }>;
  companyTrusted: boolean;
}

/**
 * any perishable cargo → perishable; trusted company → trusted; no cargo → empty_return; else ordinary.
 *
 * @example
 * priorityClassFor({ cargo: [{ perishable: true }], companyTrusted: false }); // 'perishable'
 * priorityClassFor({ cargo: [], companyTrusted: false });                     // 'empty_return'
 */
export function priorityClassFor({ cargo, companyTrusted }: PriorityInput): PriorityClass {
  if (cargo.some((c) => c.perishable === true)) return 'perishable';
  if (companyTrusted) return 'trusted';
  if (cargo.length === 0) return 'empty_return';
  return 'ordinary';
}
