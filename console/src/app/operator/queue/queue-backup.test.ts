import { describe, expect, it } from 'vitest';
import type { LaneViewMessage, TripPlacement } from '@borderflow/contracts';
import type { GateBoard } from '../../live/gate-board.ts';
import { translate } from '../../i18n/translate.ts';
import { queueBackupCsv } from './queue-backup.ts';

const trip = (id: string, plate: string, state = 'queued') =>
  ({ id, plate, priorityClass: 'ordinary', direction: 'exit', state } as TripPlacement);
const MIN = 60_000;

const board = {
  gate: 'KT', seq: 42, policyVersion: 3,
  queues: {
    documents: [{ trip: trip('a', '24C12345'), since: 0, etaAt: 15 * MIN, reason: null }, { trip: trip('b', '24C12346'), since: 2 * MIN, etaAt: null, reason: null }],
  },
  lanes: [
    { id: 'KT-X1', name: 'Xuất 1', direction: 'exit', status: 'open', trip: trip('c', '24C12347', 'inspecting'), since: 6 * MIN } as LaneViewMessage,
    { id: 'KT-X2', name: 'Xuất 2', direction: 'exit', status: 'paused', trip: null, since: null } as LaneViewMessage,
  ],
  held: [trip('d', '24C12348', 'held')],
  exitQueue: [],
} as unknown as GateBoard;

describe('the queue backup CSV', () => {
  it('lists every waiting truck in call order, every lane with its truck, and the held trucks, in the reader\'s language', () => {
    const csv = queueBackupCsv(board, (key) => translate('en', key), 10 * MIN);
    expect(csv.split('\r\n')).toEqual([
      'Section,Stage / lane,Position / status,Plate,Priority class,Direction,Waited (min),ETA (min) / truck state',
      'Queue,Documents,1,24C-123.45,Ordinary,Exit → China,10,5',
      'Queue,Documents,2,24C-123.46,Ordinary,Exit → China,8,',
      'Lane,KT-X1 Xuất 1,Open,24C-123.47,Ordinary,Exit → China,4,Inspecting',
      'Lane,KT-X2 Xuất 2,Paused,,,Exit → China,,',
      'Held,,1,24C-123.48,Ordinary,Exit → China,,',
      '',
    ]);
    expect(queueBackupCsv(board, (key) => translate('vi', key), 10 * MIN).split('\r\n')[0]).toContain('Biển số');
  });
});
