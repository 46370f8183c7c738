/**
 * For managers: per hour of a local date, how slots were used (booked, arrived on time or late,
 * no-show, cancelled, walk-in), and the no-show rate per company over the last 90 days.
 */
import type { SlotUse } from '@borderflow/contracts';
import { HOUR_MS } from '@borderflow/scheduler';
import type { ApiContext } from '../context.ts';
import { planOf } from './capacity-service.ts';
import { hourStartsOf } from './local-time.ts';
import { sweepNoShows, type Bookings } from './booking-service.ts';

/** @example await slotUse(bk, 'KT', '2026-12-07') */
export async function slotUse(bk: Bookings, gate: string, date: string, now = Date.now()): Promise<SlotUse> {
  const ctx: ApiContext = bk.ctx;
  await sweepNoShows(bk, now);
  const { timezone } = await planOf(ctx, gate, now);
  const starts = hourStartsOf(date, timezone);
  const from = new Date(starts[0]!);
  const to = new Date(starts[23]! + HOUR_MS);
  const [bookings, walkIns] = await Promise.all([
    ctx.db.slotBooking.findMany({ where: { gateCode: gate, slotStart: { gte: from, lt: to }, state: { not: 'pending' } }, select: { slotStart: true, state: true, arrival: true } }),
    ctx.db.walkIn.findMany({ where: { gateCode: gate, at: { gte: from, lt: to } }, select: { at: true } }),
  ]);
  const hours = starts.map((s) => ({ start: new Date(s).toISOString(), booked: 0, arrived: 0, late: 0, noShow: 0, cancelled: 0, walkIn: 0 }));
  const at = (ms: number) => hours[Math.floor((ms - starts[0]!) / HOUR_MS)];
  for (const b of bookings) {
    const h = at(b.slotStart.getTime());
    if (!h) continue;
    if (b.state === 'cancelled') h.cancelled++;
    else h.booked++;
    if (b.state === 'arrived' && b.arrival === 'on_time') h.arrived++;
    if (b.state === 'arrived' && b.arrival === 'late') h.late++;
    if (b.state === 'no_show') h.noShow++;
  }
  for (const w of walkIns) {
    const h = at(w.at.getTime());
    if (h) h.walkIn++;
  }
  const since = new Date(now - bk.rules.noShowWindowDays * 24 * HOUR_MS);
  const perCompany = await ctx.db.slotBooking.groupBy({
    by: ['companyId', 'state'],
    where: { gateCode: gate, slotStart: { gte: since, lt: new Date(now) }, state: { in: ['arrived', 'no_show'] } },
    _count: { _all: true },
  });
  const ids = [...new Set(perCompany.map((r) => r.companyId).filter((c): c is string => c !== null))];
  const names = new Map((await ctx.db.company.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } })).map((c) => [c.id, c.name]));
  const companies = new Map<string | null, { bookings: number; noShows: number }>();
  for (const r of perCompany) {
    const c = companies.get(r.companyId) ?? { bookings: 0, noShows: 0 };
    c.bookings += r._count._all;
    if (r.state === 'no_show') c.noShows += r._count._all;
    companies.set(r.companyId, c);
  }
  return {
    gate,
    date,
    hours,
    companies: [...companies].map(([companyId, c]) => ({
      companyId, name: companyId ? (names.get(companyId) ?? companyId) : 'individual drivers',
      bookings: c.bookings, noShows: c.noShows, noShowRate: c.bookings > 0 ? c.noShows / c.bookings : 0,
    })).sort((a, b) => b.noShowRate - a.noShowRate),
  };
}
