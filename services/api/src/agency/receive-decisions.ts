/**
 * Decisions that passed an adapter's checks (signature, replay window, codec,
 * contract) are applied one by one through `applyDecision`: a duplicate
 * messageId changes nothing, an older amendment is refused, the rest changes
 * the trips. Counted per adapter for /v1/agencies/health.
 *
 * Each adapter speaks for exactly one agency (its configuration): a message
 * claiming another agency is refused, and so is a decision the agency power
 * table does not give that agency. A lowered channel from an agency's own
 * system takes its note as the reason, else the amendment that lowered it
 * (the signed amendment is the officer's record in the agency's system).
 */
import { type AgencyDecisionEnvelope } from '@borderflow/contracts';
import type { AdapterRuntime } from '@borderflow/customs';
import { AppError } from '../app-error.ts';
import type { ApiContext } from '../context.ts';
import { applyDecision, type DecisionOutcome } from './apply-decision.ts';

export interface ReceivedDecision {
  messageId: string;
  declarationKey: string;
  amendment: number;
  /**
   * applied: recorded and applied; duplicate: this messageId was applied before; stale: an older
   * amendment, refused; refused: the adapter's agency may not make it, or it claims another agency.
   */
  outcome: 'applied' | 'duplicate' | 'stale' | 'refused';
  message: string | null;
  trips: DecisionOutcome['trips'];
}

/**
 * @example
 * const results = await applyDecisionEnvelopes(ctx, runtime, await runtime.inbound.receive(req.headers, rawBody));
 */
export async function applyDecisionEnvelopes(
  ctx: ApiContext,
  runtime: AdapterRuntime,
  envelopes: AgencyDecisionEnvelope[],
): Promise<ReceivedDecision[]> {
  const results: ReceivedDecision[] = [];
  for (const envelope of envelopes) {
    const d = envelope.payload;
    const head = { messageId: envelope.messageId, declarationKey: d.declarationKey, amendment: d.amendment };
    if (d.agency !== runtime.config.agency) {
      results.push({ ...head, outcome: 'refused', message: `Adapter ${runtime.config.name} speaks for ${runtime.config.agency}, not ${d.agency}`, trips: [] });
      await runtime.inbound.count('rejected');
      continue;
    }
    try {
      const outcome = await applyDecision(ctx, {
        declarationKey: d.declarationKey,
        amendment: d.amendment,
        agency: d.agency,
        channelCode: d.channel?.code ?? null,
        inspectionModes: d.inspectionModes,
        holds: d.holds,
        status: d.status,
        decidedAt: new Date(d.decidedAt),
        messageId: envelope.messageId,
        reason: d.note ?? `amendment ${d.amendment} from ${runtime.config.name}`,
        sender: { actor: null, name: `adapter:${runtime.config.name}` },
      });
      results.push({ ...head, outcome: outcome.duplicate ? 'duplicate' : 'applied', message: null, trips: outcome.trips });
      await runtime.inbound.count(outcome.duplicate ? 'duplicates' : 'accepted');
    } catch (err) {
      if (!(err instanceof AppError && (err.code === 'CONFLICT' || err.code === 'FORBIDDEN'))) throw err;
      results.push({ ...head, outcome: err.code === 'FORBIDDEN' ? 'refused' : 'stale', message: err.message, trips: [] });
      await runtime.inbound.count('rejected');
    }
  }
  return results;
}
