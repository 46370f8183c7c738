// The live lane board: sign in, subscribe to one gate over Socket.IO, render
// the snapshot, then apply numbered deltas; a gap in the numbers asks for a
// resync. Server data is only ever written with textContent (no innerHTML):
// plates and names come from drivers' phones.
import { applyEvent, classifyDelta, fromSnapshot, queueLengths } from './board-state.js';
import { parseLang, translate } from './i18n.js';
import { el, renderLane, sortLanes } from './lane-card.js';

/**
 * @typedef {import('./board-state.js').BoardState} BoardState
 * @typedef {import('@borderflow/contracts').GateEvent} GateEvent
 * @typedef {import('socket.io-client').Socket} Socket
 * @typedef {'offline' | 'connecting' | 'connected' | 'reconnecting' | 'recovered' | 'resynced'} ConnState
 * @typedef {{ seq: number, event: GateEvent }} Delta
 */

const GATE = new URLSearchParams(location.search).get('gate') || 'KT';
const STAGES = /** @type {const} */ (['gate', 'documents', 'xray', 'physical', 'quarantine', 'weighbridge']);
const TOKEN_KEY = 'borderflow.token';
const USER_KEY = 'borderflow.user';
const LANG_KEY = 'borderflow.lang';
/**
 * Deltas move trucks exactly, but the scheduler's projected call order (the
 * interleave of classes) is only in snapshots: after queue changes the board
 * quietly asks for a fresh one, at most this often.
 */
const QUEUE_REFRESH_MS = 15_000;

let lang = parseLang(localStorage.getItem(LANG_KEY));
/** @type {BoardState | null} */
let board = null;
/** @type {Socket | null} */
let socket = null;
/** @type {ConnState} */
let connState = 'offline';
/** While a snapshot is on its way, deltas wait here and are replayed on top of it. */
let awaitingSnapshot = false;
/** @type {Delta[]} */
let pending = [];
/** @type {ConnState | null} what to show once the awaited snapshot arrives */
let snapshotLabel = null;
/** Server clock minus ours, from recent events: booth PCs' clocks drift, lane timers must not. */
/** @type {number[]} */
let offsets = [];
/** @type {ReturnType<typeof setInterval> | null} */
let ticker = null;
/** @type {ReturnType<typeof setTimeout> | null} */
let refreshTimer = null;

/**
 * @param {string} id
 * @returns {HTMLElement}
 */
function byId(id) {
  const found = document.getElementById(id);
  if (!found) throw new Error(`missing #${id}`);
  return found;
}

/** @param {string} key */
const t = (key) => translate(lang, key);

function serverNow() {
  return Date.now() + (offsets.length ? Math.max(...offsets) : 0);
}

/** @param {number} at */
function noteServerTime(at) {
  // Delivery only ever delays an event, so the largest recent difference is the best estimate.
  offsets = [...offsets.slice(-19), at - Date.now()];
}

// ---- language -------------------------------------------------------------

function applyStaticTranslations() {
  document.documentElement.lang = lang;
  for (const node of document.querySelectorAll('[data-i18n]')) {
    const key = node.getAttribute('data-i18n');
    if (key) node.textContent = t(key);
  }
  setConn(connState);
}

// ---- connection state -----------------------------------------------------

/** @param {ConnState} state */
function setConn(state) {
  connState = state;
  const badge = byId('connection');
  badge.dataset.state = state;
  badge.textContent = state === 'offline' && !socket ? '' : t(`conn.${state}`);
}

/** @param {string | null} key */
function showBoardError(key, detail = '') {
  const box = byId('board-error');
  box.hidden = key === null;
  box.textContent = key === null ? '' : detail ? `${t(key)} — ${detail}` : t(key);
}

// ---- sign-in --------------------------------------------------------------

/** @param {SubmitEvent} event */
async function onLogin(event) {
  event.preventDefault();
  const form = /** @type {HTMLFormElement} */ (event.currentTarget);
  const data = new FormData(form);
  const error = byId('login-error');
  const submit = /** @type {HTMLButtonElement} */ (byId('login-submit'));
  error.textContent = '';
  submit.disabled = true;
  submit.textContent = t('login.busy');
  try {
    const res = await fetch('/v1/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: String(data.get('username') ?? ''), password: String(data.get('password') ?? '') }),
    });
    const body = await res.json().catch(() => null);
    if (!res.ok || typeof body?.token !== 'string') {
      // The two answers a person at the booth can act on get their own words; others show the server's.
      const detail = res.status === 401 ? t('login.wrong') : res.status === 429 ? t('login.rateLimited') : body?.error?.message;
      error.textContent = detail ? `${t('login.failed')}: ${detail}` : t('login.failed');
      return;
    }
    sessionStorage.setItem(TOKEN_KEY, body.token);
    sessionStorage.setItem(USER_KEY, String(body.user?.displayName ?? body.user?.username ?? ''));
    form.reset();
    startBoard();
  } catch {
    error.textContent = t('login.network');
  } finally {
    submit.disabled = false;
    submit.textContent = t('login.submit');
  }
}

/** @param {string | null} [reasonKey] */
function logout(reasonKey = null) {
  socket?.disconnect();
  socket = null;
  board = null;
  if (ticker) clearInterval(ticker);
  ticker = null;
  if (refreshTimer) clearTimeout(refreshTimer);
  refreshTimer = null;
  sessionStorage.removeItem(TOKEN_KEY);
  sessionStorage.removeItem(USER_KEY);
  byId('board-view').hidden = true;
  byId('logout').hidden = true;
  byId('user').textContent = '';
  byId('login-view').hidden = false;
  byId('login-error').textContent = reasonKey ? t(reasonKey) : '';
  setConn('offline');
}

// ---- live connection ------------------------------------------------------

function startBoard() {
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (!token) return;
  byId('login-view').hidden = true;
  byId('board-view').hidden = false;
  byId('logout').hidden = false;
  byId('user').textContent = sessionStorage.getItem(USER_KEY) ?? '';
  showBoardError(null);
  const io = /** @type {any} */ (window).io;
  if (typeof io !== 'function') {
    showBoardError('error.noClient');
    return;
  }
  /** @type {Socket} */
  const live = io('/live', { auth: { token } });
  socket = live;
  setConn('connecting');
  let everConnected = false;
  live.on('connect', () => {
    // A recovered session keeps its rooms and gets the missed deltas replayed:
    // the seq check below still catches anything that did not make it.
    if (everConnected && live.recovered) {
      setConn('recovered');
      // A snapshot asked for before the cut is not replayed (only room broadcasts are): ask again.
      if (awaitingSnapshot || !board) subscribe('resynced');
      return;
    }
    const label = everConnected ? 'resynced' : 'connected';
    everConnected = true;
    subscribe(label);
  });
  live.on('disconnect', (reason) => {
    if (reason === 'io client disconnect') return;
    setConn('reconnecting');
    // The server closing the socket is the one case the client does not retry by itself.
    if (reason === 'io server disconnect') live.connect();
  });
  live.on('connect_error', (err) => {
    // Not `active` = the server refused the handshake (bad or expired token): retrying will not help.
    if (!live.active) logout('error.session');
    else setConn('reconnecting');
    console.warn('live connection error', err.message);
  });
  live.on('snapshot', onSnapshot);
  live.on('delta', onDelta);
  if (!ticker) ticker = setInterval(render, 1000);
}

/** @param {ConnState} label */
function subscribe(label) {
  if (!socket) return;
  awaitingSnapshot = true;
  pending = [];
  snapshotLabel = label;
  socket.emit('subscribe', { gate: GATE }, onAck);
}

/**
 * Asks for a new snapshot; deltas meanwhile wait in `pending`.
 * @param {ConnState | null} label shown once it arrives (null: a quiet refresh)
 */
function requestSnapshot(label) {
  if (!socket) return;
  awaitingSnapshot = true;
  pending = [];
  snapshotLabel = label;
  socket.emit('resync', { gate: GATE }, onAck);
}

function scheduleQueueRefresh() {
  if (refreshTimer) return;
  refreshTimer = setTimeout(() => {
    refreshTimer = null;
    if (!awaitingSnapshot) requestSnapshot(null);
  }, QUEUE_REFRESH_MS);
}

/** @param {unknown} ack */
function onAck(ack) {
  const reply = /** @type {{ ok?: boolean, error?: { code?: string, message?: string } } | null} */ (ack);
  if (reply && (reply.ok === false || reply.error)) {
    const code = reply.error?.code ?? '';
    if (/UNAUTH|FORBIDDEN/i.test(code)) logout('error.session');
    else showBoardError('error.session', reply.error?.message ?? code);
  }
}

/** @param {any} snapshot */
function onSnapshot(snapshot) {
  if (!snapshot || !Array.isArray(snapshot.lanes) || typeof snapshot.seq !== 'number') return;
  const at = typeof snapshot.now === 'number' ? snapshot.now : typeof snapshot.at === 'number' ? snapshot.at : null;
  if (at !== null) noteServerTime(at);
  board = fromSnapshot(snapshot, at ?? serverNow());
  awaitingSnapshot = false;
  const buffered = pending;
  pending = [];
  if (snapshotLabel) setConn(snapshotLabel);
  snapshotLabel = null;
  for (const delta of buffered) onDelta(delta);
  render();
}

/** @param {Delta} delta */
function onDelta(delta) {
  if (!delta || typeof delta.seq !== 'number' || !delta.event) return;
  if (awaitingSnapshot || !board) {
    pending.push(delta);
    return;
  }
  noteServerTime(delta.event.at);
  const verdict = classifyDelta(board.seq, delta.seq);
  if (verdict === 'stale') return;
  if (verdict === 'gap') {
    requestSnapshot('resynced');
    pending.push(delta);
    return;
  }
  const { state, needsResync } = applyEvent(board, delta.event);
  board = state;
  if (needsResync) requestSnapshot('resynced');
  else if (delta.event.trip) scheduleQueueRefresh();
  render();
}

// ---- rendering ------------------------------------------------------------

function render() {
  if (!board) return;
  const lengths = queueLengths(board, STAGES);
  const chips = STAGES.map((stage) => {
    const chip = el('li', lengths[stage] ? 'chip' : 'chip chip-empty');
    chip.append(el('span', 'chip-label', t(`stage.${stage}`)), el('strong', 'chip-count', String(lengths[stage])));
    return chip;
  });
  byId('stage-queues').replaceChildren(...chips);
  byId('exit-queue-count').textContent = String(board.exitQueue.length);
  byId('held-count').textContent = String(board.held.length);
  byId('seq').textContent = String(board.seq);
  const now = serverNow();
  const state = board;
  byId('lanes').replaceChildren(...sortLanes(state.lanes).map((lane) => renderLane(state, lane, now, t)));
}

// ---- start ----------------------------------------------------------------

byId('login-form').addEventListener('submit', (event) => void onLogin(/** @type {SubmitEvent} */ (event)));
byId('logout').addEventListener('click', () => logout());
byId('lang-toggle').addEventListener('click', () => {
  lang = lang === 'vi' ? 'en' : 'vi';
  localStorage.setItem(LANG_KEY, lang);
  applyStaticTranslations();
  render();
});
applyStaticTranslations();
if (sessionStorage.getItem(TOKEN_KEY)) startBoard();
