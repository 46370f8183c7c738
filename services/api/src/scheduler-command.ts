/**
 * Every scheduler command the API issues goes through here: counted in
 * /metrics, and a refusal becomes the matching AppError.
 */
import type { CommandResult } from '@borderflow/scheduler';
import { schedulerError } from './app-error.ts';
import type { ApiMetrics } from './metrics.ts';

export type CommandOk = Extract<CommandResult, { ok: true }>;

/**
 * @example
 * const r = await runCommand(metrics, 'arriveAtLane', () => scheduler.arriveAtLane(input));
 * r.trip?.state; // 'at_lane'
 */
export async function runCommand(
  metrics: Pick<ApiMetrics, 'schedulerCommands'>,
  command: string,
  run: () => Promise<CommandResult>,
): Promise<CommandOk> {
  let result: CommandResult;
  try {
    result = await run();
  } catch (err) {
    metrics.schedulerCommands.inc({ command, result: 'exception' });
    throw err;
  }
  if (!result.ok) {
    metrics.schedulerCommands.inc({ command, result: result.code });
    throw schedulerError(result.code, result.message);
  }
  metrics.schedulerCommands.inc({ command, result: result.replayed ? 'replayed' : 'ok' });
  return result;
}
