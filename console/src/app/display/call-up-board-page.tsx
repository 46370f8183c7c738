/**
 * The yard's LED board: a full-screen page for a TV browser, opened at `/board#bfd_…` (the display
 * token stays in the fragment, so no server or proxy logs it). Plate → lane in type readable across
 * the yard; the labels alternate between Vietnamese and Chinese, the two languages of the drivers.
 */
import { useEffect, useState } from 'react';
import { DICTIONARY } from '../i18n/messages.ts';
import { useLocaleWords } from '../i18n/i18n-context.tsx';
import { formatPlate } from '../shared/plate-format.ts';
import { useCallUpBoard } from './use-call-up-board.ts';
import './call-up-board.css';

/** How long each language's labels stay up. */
const LABEL_TURN_MS = 6000;
const BOARD_LANGUAGES = ['vi', 'zh'] as const;

function tokenFromFragment(): string | null {
  const raw = decodeURIComponent(window.location.hash.replace(/^#/, '')).trim();
  return raw.startsWith('bfd_') ? raw : null;
}

export default function CallUpBoardPage() {
  const [token] = useState(tokenFromFragment);
  const { board, connection } = useCallUpBoard(token);
  const [turn, setTurn] = useState(0);
  // The console's first bundle carries Vietnamese only; the board's Chinese labels arrive with this.
  useLocaleWords('zh');
  useEffect(() => {
    const timer = setInterval(() => setTurn((n) => n + 1), LABEL_TURN_MS);
    return () => clearInterval(timer);
  }, []);
  const lang = BOARD_LANGUAGES[turn % BOARD_LANGUAGES.length]!;
  const words = DICTIONARY[lang];
  const w = (key: string) => words[key] ?? DICTIONARY.vi[key] ?? key;

  if (!token || connection === 'refused') {
    return (
      <main className="led-board led-board--message" data-testid="led-board-refused">
        <p lang="vi">{DICTIONARY.vi[token ? 'ledBoard.refused' : 'ledBoard.noToken']}</p>
        <p lang="zh">{DICTIONARY.zh[token ? 'ledBoard.refused' : 'ledBoard.noToken']}</p>
      </main>
    );
  }
  return (
    <main className="led-board" data-testid="led-board" data-connection={connection} lang={lang}>
      <header className="led-board__header">
        <h1>{w('ledBoard.title')}</h1>
        <span className="led-board__gate">{board?.gate ?? ''}</span>
      </header>
      <div className="led-board__columns" aria-hidden="true">
        <span>{w('ledBoard.plate')}</span>
        <span>{w('ledBoard.lane')}</span>
      </div>
      <ol className="led-board__calls">
        {board?.calls.map((call) => (
          <li key={`${call.plate}-${call.laneId}`} className="led-board__call" data-testid="led-board-call" data-plate={call.plate} data-lane={call.laneId}>
            <span className="led-board__plate">{formatPlate(call.plate)}</span>
            <span className="led-board__arrow" aria-hidden="true">→</span>
            <span className="led-board__lane">{call.laneName}</span>
          </li>
        ))}
      </ol>
      {board && board.calls.length === 0 ? <p className="led-board__empty">{w('ledBoard.empty')}</p> : null}
      {connection === 'reconnecting' ? (
        <p className="led-board__offline" role="status" data-testid="led-board-offline">
          {w('ledBoard.reconnecting')}
        </p>
      ) : null}
    </main>
  );
}
