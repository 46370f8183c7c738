/**
 * Runs a lane action against the API and says how it went: a success notice naming the lane
 * and truck, or the server's refusal (the caller decides where the error shows: the dialog
 * keeps it; a one-key action gets an error notice).
 */
import { useCallback } from 'react';
import type { LaneViewMessage } from '@borderflow/contracts';
import { useApi } from '../../auth/auth-context.tsx';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { useNotices } from '../../notices/notice-center.tsx';
import { formatPlate } from '../../shared/plate-format.ts';
import { laneActionRequest, type LaneAction, type LaneActionInput } from './lane-actions.ts';

export function useLaneAction(gate: string) {
  const api = useApi();
  const { t } = useI18n();
  const { notify } = useNotices();
  return useCallback(
    async (lane: LaneViewMessage, action: LaneAction, input: LaneActionInput) => {
      const { path, body } = laneActionRequest(gate, lane, action, input);
      await api.post(path, body);
      notify({ kind: 'success', title: t(`board.done.${action}`, { lane: lane.id, plate: formatPlate(lane.trip?.plate) }) });
    },
    [api, gate, notify, t],
  );
}
