/**
 * Recognising constraint violations through Prisma and driver adapters, where the shape of
 * the error differs between the pg and PGlite adapters and raw queries.
 */

/**
 * True when `error` is a unique-constraint violation (Prisma P2002, or SQLSTATE 23505 from a
 * raw query). With `index`, also requires that the violated index/constraint name, when the
 * driver reports one, matches.
 *
 * @example
 * try { await prisma.trip.create({ data }); }
 * catch (e) { if (isUniqueViolation(e, 'trips_one_active_per_vehicle')) throw new AppError('VEHICLE_HAS_ACTIVE_TRIP'); }
 */
export function isUniqueViolation(error: unknown, index?: string): boolean {
  if (!error || typeof error !== 'object') return false;
  const e = error as { code?: unknown; message?: unknown; meta?: unknown };
  const unique = e.code === 'P2002' || e.code === '23505' || (e.code === 'P2010' && /23505|unique/i.test(String(e.message)));
  if (!unique) return false;
  if (!index) return true;
  // The name appears in the meta (adapter's original error) or in the message, depending on path.
  const text = `${String(e.message)} ${safeJson(e.meta)}`;
  return text.includes(index);
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return '';
  }
}
