/** The keyboard shortcuts of the board, listed (toggled with ?). */
import { useI18n } from '../../i18n/i18n-context.tsx';
import { LANE_SHORTCUTS, OUTCOME_SHORTCUTS, type LaneAction } from './lane-actions.ts';

export function ShortcutHelp({ onClose }: { onClose(): void }) {
  const { t } = useI18n();
  const actions = Object.keys(LANE_SHORTCUTS) as LaneAction[];
  return (
    <aside className="card shortcut-help" aria-labelledby="shortcut-title" data-testid="shortcut-help">
      <div className="section-head">
        <h2 id="shortcut-title">{t('board.shortcuts.title')}</h2>
        <button type="button" className="btn btn-small btn-secondary" onClick={onClose}>
          {t('action.close')}
        </button>
      </div>
      <p className="muted">{t('board.shortcuts.intro')}</p>
      <dl className="shortcut-list">
        <div>
          <dt>
            <kbd>Tab</kbd> <kbd>←</kbd> <kbd>→</kbd> <kbd>↑</kbd> <kbd>↓</kbd>
          </dt>
          <dd>{t('board.shortcuts.move')}</dd>
        </div>
        {actions.map((a) => (
          <div key={a}>
            <dt>
              <kbd>{LANE_SHORTCUTS[a].toUpperCase()}</kbd>
            </dt>
            <dd>{t(`board.action.${a}`)}</dd>
          </div>
        ))}
        <div>
          <dt>
            <kbd>{OUTCOME_SHORTCUTS.cleared}</kbd> <kbd>{OUTCOME_SHORTCUTS.held}</kbd> <kbd>{OUTCOME_SHORTCUTS.turned_back}</kbd>
          </dt>
          <dd>{t('board.shortcuts.outcomes')}</dd>
        </div>
        <div>
          <dt>
            <kbd>Esc</kbd>
          </dt>
          <dd>{t('board.shortcuts.escape')}</dd>
        </div>
      </dl>
    </aside>
  );
}
