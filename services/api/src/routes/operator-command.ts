/**
 * The common shape of an operator's scheduler command over HTTP: the
 * client's commandId (or a fresh one), the caller as actor, the refusal
 * mapped to an AppError, and `{ commandId, replayed, trip }` as the answer,
 * so a retried request is applied once and answered with the first result.
 */
import { randomUUID } from 'node:crypto';
import type { Request } from 'express';
import type { CommandMeta, CommandResult, GateScheduler } from '@borderflow/scheduler';
import { schedulerOf, type ApiContext } from '../context.ts';
import { actorOf } from '../auth/require-auth.ts';
import { runCommand } from '../scheduler-command.ts';

/**
 * @example
 * handler: ({ params, body, req }) => operatorCommand(ctx, req, params.gate, body.commandId, 'markNoShow',
 *   (s, meta) => s.markNoShow({ tripId: params.tripId, ...meta }))
 */
export async function operatorCommand(
  ctx: ApiContext,
  req: Request,
  gate: string,
  clientCommandId: string | undefined,
  name: string,
  run: (scheduler: GateScheduler, meta: Required<Pick<CommandMeta, 'actor' | 'commandId'>>) => Promise<CommandResult>,
) {
  const scheduler = schedulerOf(ctx, gate);
  const commandId = clientCommandId ?? randomUUID();
  const r = await runCommand(ctx.metrics, name, () => run(scheduler, { actor: actorOf(req), commandId }));
  return { commandId, replayed: r.replayed, trip: r.trip };
}
