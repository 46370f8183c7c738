/** The strip above the lanes: waiting trucks per stage, waiting to cross, held, and the event number. */
import { memo } from 'react';
import { STAGES } from '@borderflow/contracts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { Link } from '../../router/router.tsx';
import { queueLengths, type GateBoard } from '../../live/gate-board.ts';

function BoardSummaryView({ board }: { board: GateBoard }) {
  const { t, fmt } = useI18n();
  const lengths = queueLengths(board, STAGES);
  return (
    <div className="summary card" data-testid="board-summary">
      <div className="summary-queues">
        <h2>{t('board.summary.queues')}</h2>
        <ul className="chips">
          {STAGES.map((stage) => (
            <li key={stage} className={lengths[stage] ? 'chip' : 'chip chip-empty'}>
              <Link to={`/operator/queue?stage=${stage}`} className="chip-link">
                <span className="chip-label">{t(`stage.${stage}`)}</span>
                <strong className="chip-count" data-testid={`queue-count-${stage}`}>
                  {fmt.number(lengths[stage])}
                </strong>
              </Link>
            </li>
          ))}
        </ul>
      </div>
      <div className="figure">
        <span>{t('board.summary.exitQueue')}</span>
        <strong data-testid="exit-queue-count">{fmt.number(board.exitQueue.length)}</strong>
      </div>
      <div className="figure">
        <span>{t('board.summary.held')}</span>
        <strong data-testid="held-count">{fmt.number(board.held.length)}</strong>
      </div>
      <div className="figure figure-muted">
        <span>{t('board.summary.seq')}</span>
        <strong data-testid="board-seq">{board.seq}</strong>
      </div>
    </div>
  );
}

/** Re-renders only when the counts could have changed. */
export const BoardSummary = memo(BoardSummaryView, (a, b) => a.board.queues === b.board.queues && a.board.held === b.board.held && a.board.exitQueue === b.board.exitQueue && a.board.seq === b.board.seq);
