/**
 * The common shape of an operator's scheduler command over HTTP: the
 * client's commandId (or a fresh one), the caller as actor, the refusal
 * mapped to an AppError, and `{ commandId, replayed, trip }` as the answer,
 * so a retried request is applied once and answered with the first result.
 * The key is scoped to (actor, command, request): see scheduler/command-scope.ts.
 */
import { randomUUID } from 'node:crypto';
import type { Request } from 'express';
import { restWire } from '@borderflow/contracts';
import { inputHash, type CommandMeta, type CommandResult, type GateScheduler } from '@borderflow/scheduler';
import { schedulerOf, type ApiContext } from '../context.ts';
import { actorOf, principalOf } from '../auth/require-auth.ts';
import { clientIp, recordAudit, type AuditRecord } from '../audit/audit-log.ts';
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
  run: (scheduler: GateScheduler, meta: Required<Pick<CommandMeta, 'actor' | 'commandId' | 'inputHash'>>) => Promise<CommandResult>,
  /**
   * The audit entry of a privileged command. The state lives in Redis, so there is no transaction to
   * share: it is written once the command took, and not again for a retried commandId (its first
   * answer was already audited).
   */
  audit?: (commandId: string) => Omit<AuditRecord, 'actor' | 'ip'>,
) {
  const scheduler = schedulerOf(ctx, gate);
  const commandId = clientCommandId ?? randomUUID();
  // The key stands for this request: the same key with another path or body is refused (409), not replayed.
  const { commandId: _key, ...rest } = (req.body ?? {}) as Record<string, unknown>;
  const meta = { actor: actorOf(req), commandId, inputHash: inputHash({ params: req.params, body: rest }) };
  const r = await runCommand(ctx.metrics, name, () => run(scheduler, meta));
  if (audit && !r.replayed) await recordAudit(ctx.db, { ...audit(commandId), actor: principalOf(req), ip: clientIp(req) });
  return { commandId, replayed: r.replayed, trip: restWire.maybePlacement(r.trip) };
}
