/**
 * The paper backup of a port's procedure: the queue and the lane plan as they stand, exported
 * as CSV (or printed from the queue page's print stylesheet), so the gate can go on by hand
 * from the last known order if the server cannot be reached. Made in the browser from the board
 * the page already holds: it works while the connection is down. Pure, so it is unit-tested.
 */
import { STAGES } from '@borderflow/contracts';
import type { GateBoard } from '../../live/gate-board.ts';
import type { Translate } from '../../manager/report-tables.ts';
import { toCsv, type CsvCell } from '../../manager/charts/csv.ts';
import { formatPlate } from '../../shared/plate-format.ts';

/**
 * One row per waiting truck (every stage, in call order), then one per lane with its truck, then
 * held trucks and the exit queue. `section` says which; positions are 1-based as on the screen.
 *
 * @example
 * downloadCsv('borderflow-KT-queue.csv', queueBackupCsv(board, t, Date.now()));
 */
export function queueBackupCsv(board: GateBoard, t: Translate, now: number): string {
  const rows: CsvCell[][] = [];
  for (const stage of STAGES) {
    (board.queues[stage] ?? []).forEach((entry, i) => {
      rows.push([t('queue.backup.section.queue'), t(`stage.${stage}`), i + 1, formatPlate(entry.trip.plate), t(`class.${entry.trip.priorityClass}`),
        t(`dir.${entry.trip.direction}`), Math.round((now - entry.since) / 60_000), entry.etaAt === null ? null : Math.round(Math.max(0, entry.etaAt - now) / 60_000)]);
    });
  }
  for (const lane of board.lanes) {
    rows.push([t('queue.backup.section.lane'), `${lane.id} ${lane.name}`, t(`laneStatus.${lane.status}`), lane.trip ? formatPlate(lane.trip.plate) : null,
      lane.trip ? t(`class.${lane.trip.priorityClass}`) : null, t(`dir.${lane.direction}`), lane.since === null ? null : Math.round((now - lane.since) / 60_000),
      lane.trip ? t(`tripState.${lane.trip.state}`) : null]);
  }
  board.held.forEach((trip, i) =>
    rows.push([t('queue.backup.section.held'), null, i + 1, formatPlate(trip.plate), t(`class.${trip.priorityClass}`), t(`dir.${trip.direction}`), null, null]));
  board.exitQueue.forEach((trip, i) =>
    rows.push([t('queue.backup.section.exit'), null, i + 1, formatPlate(trip.plate), t(`class.${trip.priorityClass}`), t(`dir.${trip.direction}`), null, null]));
  const header = [
    t('queue.backup.col.section'), t('queue.backup.col.place'), t('queue.backup.col.position'), t('queue.backup.col.plate'),
    t('queue.backup.col.class'), t('queue.backup.col.direction'), t('queue.backup.col.waited'), t('queue.backup.col.etaOrState'),
  ];
  return toCsv(header, rows);
}
