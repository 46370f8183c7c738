// One lane's card on the board: its identity and status, the truck in it
// with time in lane against the expected service time, and the next trucks
// it can serve. Built with createElement/textContent only: plates and names
// come from drivers' phones and must never be parsed as HTML.
import { formatDuration, formatPlate, roundMinutes, serviceProgress } from './format.js';
import { nextInLine } from './board-state.js';

/**
 * @typedef {import('./board-state.js').BoardState} BoardState
 * @typedef {import('@borderflow/contracts').LaneViewMessage} LaneView
 * @typedef {(key: string) => string} Translate
 */

/**
 * A new element with a class and (safe) text.
 * @param {string} tag
 * @param {string} [className]
 * @param {string} [text]
 * @returns {HTMLElement}
 */
export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/**
 * Exit lanes first (towards China, the busier side), then entry; by id within.
 * @param {LaneView[]} lanes
 * @returns {LaneView[]}
 */
export function sortLanes(lanes) {
  const rank = (/** @type {LaneView} */ lane) => (lane.direction === 'exit' ? 0 : 1);
  return [...lanes].sort((a, b) => rank(a) - rank(b) || a.id.localeCompare(b.id));
}

/**
 * @param {BoardState} state
 * @param {LaneView} lane
 * @param {number} now server time (ms)
 * @param {Translate} t
 * @returns {HTMLElement}
 */
export function renderLane(state, lane, now, t) {
  const card = el('article', 'lane');
  card.dataset.status = lane.status;
  card.dataset.occupancy = lane.occupancy;
  card.dataset.direction = lane.direction;

  const head = el('header', 'lane-head');
  const title = el('div', 'lane-title');
  title.append(el('h2', 'lane-id', lane.id), el('span', 'lane-name', lane.name));
  const badges = el('div', 'badges');
  badges.append(
    el('span', `badge badge-dir-${lane.direction}`, t(`dir.${lane.direction}`)),
    el('span', `badge badge-status-${lane.status}`, t(`status.${lane.status}`)),
  );
  head.append(title, badges);

  const serves = el('p', 'lane-serves', `${t('lane.serves')}: ${lane.capabilities.map((s) => t(`stage.${s}`)).join(' · ')}`);
  if (lane.classes.length === 1 && lane.classes[0] === 'perishable') {
    serves.append(' ', el('span', 'badge badge-class-perishable', t('lane.perishableOnly')));
  }

  const current = el('section', 'lane-current');
  const currentHead = el('div', 'section-head');
  currentHead.append(el('h3', '', t('lane.current')), el('span', `badge badge-occ-${lane.occupancy}`, t(`occ.${lane.occupancy}`)));
  current.append(currentHead);
  if (lane.trip) {
    const trip = lane.trip;
    current.append(el('div', 'plate plate-large', formatPlate(trip.plate)));
    const meta = el('div', 'trip-meta');
    meta.append(
      el('span', 'stage', trip.stage ? t(`stage.${trip.stage}`) : '—'),
      el('span', `badge badge-class-${trip.priorityClass}`, t(`class.${trip.priorityClass}`)),
    );
    current.append(meta);
    const elapsed = lane.since === null ? null : now - lane.since;
    const { ratio, overdue } = serviceProgress(elapsed, lane.expectedServiceMs);
    const timer = el('div', overdue ? 'timer timer-overdue' : 'timer');
    timer.append(el('span', '', `${t('lane.inLane')} `), el('strong', 'timer-elapsed', formatDuration(elapsed)));
    if (lane.expectedServiceMs) {
      timer.append(el('span', '', ` / ${t('lane.expected')} ~${roundMinutes(lane.expectedServiceMs)} ${t('unit.min')}`));
    }
    current.append(timer);
    if (ratio !== null) {
      const bar = el('div', overdue ? 'progress progress-overdue' : 'progress');
      const fill = el('div', 'progress-fill');
      fill.style.width = `${Math.min(100, Math.round(ratio * 100))}%`;
      bar.append(fill);
      current.append(bar);
    }
  } else {
    current.append(el('p', 'muted', t('lane.none')));
  }

  const next = el('section', 'lane-next');
  next.append(el('h3', '', t('lane.next')));
  const upcoming = nextInLine(state, lane.id, 3);
  if (upcoming.length === 0) {
    next.append(el('p', 'muted', t('lane.noneWaiting')));
  } else {
    const list = el('ol', 'next-list');
    for (const entry of upcoming) {
      const item = el('li', 'next-item');
      item.append(
        el('span', 'plate', formatPlate(entry.trip.plate)),
        el('span', `badge badge-class-${entry.trip.priorityClass}`, t(`class.${entry.trip.priorityClass}`)),
        el('span', 'next-detail', `${t(`stage.${entry.stage}`)} · ${t('lane.waited')} ${formatDuration(now - entry.since)}`),
      );
      list.append(item);
    }
    next.append(list);
  }

  card.append(head, serves, current, next);
  return card;
}
