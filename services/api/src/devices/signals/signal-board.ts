/**
 * The gate's barriers and lights as the operator board shows them: the state each last confirmed (an
 * ack, or an operator acting by hand), its latest command, and the commands waiting for a person.
 */
import type { GateSignals, SignalAction } from '@borderflow/contracts';
import type { ApiContext } from '../../context.ts';
import { signalCommandView } from './signal-commands.ts';

/**
 * @example
 * const { devices, unconfirmed } = await gateSignals(ctx, 'KT');
 */
export async function gateSignals(ctx: ApiContext, gate: string): Promise<GateSignals> {
  const devices = await ctx.db.device.findMany({
    where: { gateCode: gate, revokedAt: null, kind: { in: ['barrier', 'signal'] } },
    orderBy: [{ kind: 'asc' }, { laneCode: 'asc' }, { createdAt: 'asc' }],
  });
  const out: GateSignals['devices'] = [];
  for (const d of devices) {
    const latest = await ctx.db.signalCommand.findFirst({ where: { deviceId: d.id }, orderBy: { createdAt: 'desc' } });
    const confirmed = await ctx.db.signalCommand.findFirst({ where: { deviceId: d.id, status: { in: ['acked', 'manual'] } }, orderBy: { doneAt: 'desc' } });
    out.push({
      deviceId: d.id, name: d.name, kind: d.kind as 'barrier' | 'signal', laneId: d.laneCode,
      state: (confirmed?.action as SignalAction | undefined) ?? null,
      latest: latest ? signalCommandView(latest) : null,
    });
  }
  const unconfirmed = await ctx.db.signalCommand.findMany({ where: { gateCode: gate, status: 'failed' }, orderBy: { createdAt: 'asc' }, take: 100 });
  return { gate, devices: out, unconfirmed: unconfirmed.map(signalCommandView) };
}
