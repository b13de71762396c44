// The Watchbox dashboard, served by the module at {ctx}{path}/dashboard/. It reads the REST API
// beside it ({path}/api, role watchbox-admin) once a second, plots the broker's last five minutes
// with uPlot (served from the jar under vendor/), and tails a group through watchbox.js. It reads the
// history once, then only the samples newer than its last (since=), and the sessions a page at a time. Every
// address is relative to this module, so the page follows a moved watchbox.path. In cluster mode the
// figures, sessions and groups are the whole cluster's (GET /stats names each replica, and those that
// did not answer); the plots are of the replica that answers, whose history is its own.
import uPlot from './vendor/uPlot.esm.js';
import { connect } from '../watchbox.js';

const API = new URL('../api/', import.meta.url);
const POLL_MS = 1000;
const WINDOW_SECONDS = 300; // what GET /stats/history keeps
const TAIL_LIMIT = 200;
// Sessions a page of the table shows (GET /clients?limit=): 100, or the page's ?page-size= (1-1000).
const SESSIONS_PAGE = Math.min(1000, Math.max(1, Number.parseInt(new URLSearchParams(location.search).get('page-size'), 10) || 100));
const TOKEN_KEY = 'watchbox.dashboard.token';

const $ = (id) => document.getElementById(id);

/**
 * The tailing connection and the filter it follows. `connecting` is the connect under way, shared by
 * every Tail pressed meanwhile (one socket, however quick the clicks); `generation` counts the stops,
 * so a connect that a Stop overtook closes what it made.
 */
const tail = { client: null, connecting: null, filter: null, generation: 0 };

// ---------------------------------------------------------------- REST

/** An answer of the REST API other than 2xx, with the server's {code, reason}; status 0: unreachable. */
class ApiError extends Error {
  constructor(status, code, reason) {
    super(`${code}: ${reason}`);
    this.status = status;
    this.code = code;
    this.reason = reason;
  }
}

function token() {
  return sessionStorage.getItem(TOKEN_KEY) || null;
}

/** Calls the API (path relative to {path}/api/); resolves to the JSON answer, or null for 204. */
async function api(method, path, body) {
  return (await call(method, path, body)).json;
}

/** Calls the API; resolves to the JSON answer and the response's headers. */
async function call(method, path, body) {
  const headers = {};
  if (token()) headers.Authorization = `Bearer ${token()}`;
  if (body !== undefined) headers['Content-Type'] = 'text/plain;charset=UTF-8';
  let response;
  try {
    response = await fetch(new URL(path, API), { method, headers, body, cache: 'no-store' });
  } catch {
    throw new ApiError(0, 'unreachable', 'the server cannot be reached');
  }
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: an answer from something other than Watchbox (a proxy, the container)
  }
  if (!response.ok) {
    throw new ApiError(response.status, json?.code ?? `http-${response.status}`, json?.reason ?? response.statusText);
  }
  return { json, headers: response.headers };
}

/** What a person should read about a failed call. */
function explain(error) {
  if (!(error instanceof ApiError)) return String(error);
  switch (error.status) {
    case 0: return 'The server cannot be reached; trying again every second.';
    case 401: return `Sign-in needed. The server refused: ${error.reason}. Sign in to the application, or give `
      + 'a bearer token with role watchbox-admin under Credentials.';
    case 403: return `Admin role needed. The server refused: ${error.reason}.`;
    default: return `${error.status} ${error.code}: ${error.reason}`;
  }
}

function show(element, text, className = '') {
  element.textContent = text ?? '';
  element.className = className;
  element.hidden = !text;
}

const showProblem = (text) => show($('problem'), text);
const showNotice = (text) => show($('notice'), text);

// ---------------------------------------------------------------- plots

function plot(element, series, scales, axes) {
  const options = {
    width: Math.max(element.clientWidth, 300),
    height: 220,
    series: [{}, ...series],
    scales: {
      // Always the whole window, so the lines move left as time goes on.
      x: { time: true, range: (u, min, max) => { const end = max ?? Date.now() / 1000; return [end - WINDOW_SECONDS, end]; } },
      ...scales,
    },
    axes: [{}, ...axes],
  };
  const chart = new uPlot(options, [[], ...series.map(() => [])], element);
  new ResizeObserver(() => chart.setSize({ width: Math.max(element.clientWidth, 300), height: 220 })).observe(element);
  return chart;
}

const fromZero = (u, min, max) => [0, Math.max(1, (max ?? 0) * 1.1)];
/** Ticks for counts: 1, 2, 5, 10, 20, 50, ... (no 0.5 sessions). */
const WHOLE = [0, 1, 2, 3, 4, 5, 6, 7].flatMap((power) => [1, 2, 5].map((m) => m * 10 ** power));

const rates = plot($('rates-plot'), [
  { label: 'published/s', scale: 'rate', stroke: '#1c7ed6', width: 2 },
  { label: 'delivered/s', scale: 'rate', stroke: '#2b8a3e', width: 2 },
  { label: 'dropped/s', scale: 'rate', stroke: '#e03131', width: 2 },
], { rate: { range: fromZero } }, [{ scale: 'rate' }]);

const levels = plot($('levels-plot'), [
  { label: 'sessions', scale: 'n', stroke: '#5f3dc4', width: 2 },
  { label: 'connected', scale: 'n', stroke: '#2b8a3e', width: 2 },
  { label: 'event backlog', scale: 'backlog', stroke: '#e8590c', width: 2 },
], { n: { range: fromZero }, backlog: { range: fromZero } },
[{ scale: 'n', incrs: WHOLE }, { scale: 'backlog', side: 1, incrs: WHOLE, grid: { show: false } }]);

/** Instants as the server writes them may carry nanoseconds; Date.parse wants milliseconds. */
const seconds = (iso) => Date.parse(iso.replace(/(\.\d{3})\d+/, '$1')) / 1000;

/**
 * The samples plotted, oldest first, and the replica they are of (cluster mode): after the first
 * load only the samples newer than the last one are asked for. Another replica's history is not
 * continued but read afresh.
 */
const history = { samples: [], replica: null };

async function loadHistory() {
  const last = history.samples.at(-1)?.time;
  let answer = await call('GET', last ? `stats/history?since=${encodeURIComponent(last)}` : 'stats/history');
  const replica = answer.headers.get('Watchbox-Replica');
  if (last && replica !== history.replica) {
    answer = await call('GET', 'stats/history');
    history.samples = [];
  }
  history.replica = answer.headers.get('Watchbox-Replica');
  const samples = [...history.samples, ...answer.json];
  const end = samples.length ? seconds(samples.at(-1).time) : 0;
  history.samples = samples.filter((s) => seconds(s.time) > end - WINDOW_SECONDS);
  return history.samples;
}

function showHistory(samples) {
  const columns = (...fields) => [samples.map((s) => seconds(s.time)), ...fields.map((f) => samples.map((s) => s[f]))];
  rates.setData(columns('publishedPerSecond', 'deliveredPerSecond', 'droppedPerSecond'));
  levels.setData(columns('sessions', 'connected', 'eventBacklog'));
}

// ---------------------------------------------------------------- figures and tables

const integer = new Intl.NumberFormat();

function bytes(n) {
  if (n < 1024) return `${integer.format(n)} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

function showStats(stats) {
  for (const key of ['connected', 'sessions', 'sockets', 'mqttConnected', 'mqttSessions', 'eventBacklog',
    'eventsDropped', 'published', 'delivered', 'dropped', 'framesSent']) {
    $(key).textContent = integer.format(stats[key]);
  }
  $('queuedBytes').textContent = bytes(stats.queuedBytes);
}

/**
 * Cluster mode (stats.replicas is there): which replica answered, each replica's own figures, and
 * the replicas that did not answer in time, whose part is missing from the totals and tables.
 */
function showCluster(stats, self) {
  const clustered = stats.replicas != null;
  $('replicas-section').hidden = !clustered;
  $('sessions-table').classList.toggle('clustered', clustered);
  for (const caption of document.querySelectorAll('.this-replica')) {
    caption.textContent = clustered ? `(replica ${self})` : '';
  }
  if (!clustered) {
    show($('cluster'), null);
    return;
  }
  const answered = Object.keys(stats.replicas);
  const missing = stats.missingReplicas ?? [];
  const total = answered.length + missing.length;
  show($('cluster'), missing.length === 0
    ? `Cluster of ${total} replica${total === 1 ? '' : 's'}: the figures, sessions and groups are of all of them.`
    : `Only ${answered.length} of ${total} replicas answered in time: the figures, sessions and groups leave out `
      + `${missing.join(', ')}.`, missing.length === 0 ? '' : 'incomplete');
  const rows = [...answered.map((id) => ({ id, s: stats.replicas[id] })), ...missing.map((id) => ({ id, s: null }))]
    .sort((a, b) => a.id.localeCompare(b.id));
  const figures = ['sessions', 'connected', 'sockets', 'mqttSessions', 'published', 'delivered', 'dropped', 'notRelayed', 'missed',
    'relayIgnored', 'callsFailed', 'notSent', 'notLetGo', 'missingAnswers'];
  showRows($('replicas-table'), rows, (r) => r.id, () => newRow(['', ...figures.map(() => 'num')]), (row, r) => {
    row.classList.toggle('missing', r.s === null);
    cell(row, 0, r.id === self ? `${r.id} (answered this page)` : r.id);
    figures.forEach((key, i) => cell(row, i + 1, r.s === null ? (i === 0 ? 'did not answer' : '') : integer.format(r.s[key])));
  });
  $('replicas-count').textContent = `(${total})`;
}

function cell(row, index, text, title) {
  const td = row.cells[index];
  if (td.textContent !== text) td.textContent = text;
  if (title !== undefined) td.title = title;
}

/** Updates the rows in place, keyed by `key`, so a row under the pointer is not rebuilt every second. */
function showRows(table, items, key, make, update) {
  const body = table.tBodies[0];
  const rows = new Map([...body.rows].map((row) => [row.dataset.key, row]));
  items.forEach((item, index) => {
    let row = rows.get(key(item));
    rows.delete(key(item));
    if (!row) {
      row = make(item);
      row.dataset.key = key(item);
    }
    update(row, item);
    if (body.rows[index] !== row) body.insertBefore(row, body.rows[index] ?? null);
  });
  for (const stale of rows.values()) stale.remove();
}

function newRow(columns) {
  const row = document.createElement('tr');
  for (const className of columns) {
    const td = row.insertCell();
    if (className) td.className = className;
  }
  return row;
}

/**
 * The page of sessions shown: the uid it starts after (null: the first page), the cursors of the
 * pages before it (for Previous), and the next page's cursor from the Link header (null: the last).
 */
const sessionsPage = { after: null, before: [], next: null };

function sessionsPath() {
  const after = sessionsPage.after === null ? '' : `&after=${encodeURIComponent(sessionsPage.after)}`;
  return `clients?limit=${SESSIONS_PAGE}${after}`;
}

/** The cursor of a Link header's rel="next" (RFC 8288), or null when there is no next page. */
function nextCursor(link) {
  const next = /<([^>]*)>\s*;\s*rel="?next"?/.exec(link ?? '');
  return next ? new URL(next[1], new URL('clients', API)).searchParams.get('after') : null;
}

function showPager(answer, total) {
  sessionsPage.next = nextCursor(answer.headers.get('Link'));
  const paged = sessionsPage.after !== null || sessionsPage.next !== null;
  $('sessions-pager').hidden = !paged;
  $('sessions-first').disabled = sessionsPage.after === null;
  $('sessions-previous').disabled = sessionsPage.after === null;
  $('sessions-next').disabled = sessionsPage.next === null;
  const count = answer.json.length;
  const from = sessionsPage.before.length * SESSIONS_PAGE + 1;
  $('sessions-count').textContent = paged
    ? `(${count ? `${integer.format(from)}–${integer.format(from + count - 1)}` : 'none'} of ${integer.format(total)})`
    : `(${count})`;
}

function turnPage(after, before) {
  Object.assign(sessionsPage, { after, before });
  refresh();
}

$('sessions-first').addEventListener('click', () => turnPage(null, []));
$('sessions-previous').addEventListener('click', () => {
  const before = sessionsPage.before.slice(0, -1);
  turnPage(sessionsPage.before.at(-1) ?? null, before);
});
$('sessions-next').addEventListener('click', () => {
  if (sessionsPage.next !== null) turnPage(sessionsPage.next, [...sessionsPage.before, sessionsPage.after]);
});

function showSessions(sessions) {
  showRows($('sessions-table'), sessions, (s) => s.uid, (s) => {
    const row = newRow(['', '', 'protocol', 'state', 'groups', 'num', 'num', '', 'replica', '']);
    row.dataset.uid = s.uid;
    const kick = document.createElement('button');
    kick.className = 'kick';
    kick.textContent = 'Kick';
    kick.title = `End session ${s.uid}: its client is closed with 1008`;
    row.cells[9].append(kick);
    return row;
  }, (row, s) => {
    row.classList.toggle('waiting', !s.connected);
    row.classList.toggle('mine', s.uid === tail.client?.uid);
    cell(row, 0, s.uid);
    cell(row, 1, s.user ?? 'anonymous');
    // The protocol of the client attached last: a session waiting for a resume keeps it.
    cell(row, 2, s.protocol);
    cell(row, 3, s.connected ? 'connected' : 'waiting for resume');
    row.cells[3].classList.toggle('connected', s.connected);
    cell(row, 4, [...s.groups].sort().join(', '));
    cell(row, 5, integer.format(s.queued));
    cell(row, 6, bytes(s.queuedBytes));
    const seen = new Date(seconds(s.lastSeen) * 1000);
    cell(row, 7, seen.toLocaleTimeString(), s.lastSeen);
    cell(row, 8, s.replica ?? '');
  });
  $('sessions-empty').hidden = sessions.length > 0;
}

function showGroups(groups) {
  showRows($('groups-table'), groups, (g) => g.group, () => newRow(['', 'num']), (row, g) => {
    cell(row, 0, g.group);
    cell(row, 1, integer.format(g.subscribers));
  });
  $('groups-count').textContent = `(${groups.length})`;
  $('groups-empty').hidden = groups.length > 0;
}

// ---------------------------------------------------------------- the poll

let refreshes = 0;
let timer = 0;
let loading = null;
let again = false;

async function load() {
  try {
    const [stats, sessions, groups, samples] = await Promise.all([
      ...['stats', sessionsPath(), 'groups'].map((path) => call('GET', path)), loadHistory()]);
    showCluster(stats.json, stats.headers.get('Watchbox-Replica'));
    showStats(stats.json);
    if (sessions.json.length === 0 && sessionsPage.after !== null) {
      // The sessions of this page and after it have ended: back to the first page.
      turnPage(null, []);
      return;
    }
    showSessions(sessions.json);
    showPager(sessions, stats.json.sessions);
    showGroups(groups.json);
    showHistory(samples);
    showProblem(null);
    refreshes++;
    show($('status'), `live · ${new Date().toLocaleTimeString()}`, 'status live');
  } catch (e) {
    showProblem(explain(e));
    show($('status'), 'not updating', 'status failing');
  }
}

/** Loads now (or right after the load under way), then once a second. */
function refresh() {
  clearTimeout(timer);
  if (loading) {
    again = true;
    return;
  }
  loading = load().finally(() => {
    loading = null;
    if (again) {
      again = false;
      refresh();
    } else {
      timer = setTimeout(refresh, POLL_MS);
    }
  });
}

// ---------------------------------------------------------------- actions

$('sessions-table').addEventListener('click', async (event) => {
  const button = event.target.closest('button.kick');
  if (!button) return;
  const uid = button.closest('tr').dataset.uid;
  button.disabled = true;
  try {
    await api('DELETE', `clients/${encodeURIComponent(uid)}`);
    showNotice(`Kicked ${uid}: its session ended and its client was closed with 1008.`);
  } catch (e) {
    showNotice(e.status === 404 ? `${uid} was gone already.` : `Kicking ${uid} failed. ${explain(e)}`);
  } finally {
    button.disabled = false;
    refresh();
  }
});

$('publish-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const group = $('publish-group').value.trim();
  const result = $('publish-result');
  const parts = group.split('/');
  if (parts.some((level) => level === '.' || level === '..')) {
    show(result, 'A group with a "." or ".." level cannot be written in a URL; publish it with a client.', 'failed');
    return;
  }
  try {
    // The group goes into the path as it is, its levels percent-encoded one by one.
    const path = `groups/${parts.map(encodeURIComponent).join('/')}/messages`;
    const answer = await api('POST', path, $('publish-text').value);
    show(result, `Delivered to ${answer.delivered} session${answer.delivered === 1 ? '' : 's'}.`);
    result.dataset.delivered = answer.delivered;
  } catch (e) {
    show(result, `Not published. ${explain(e)}`, 'failed');
  }
  refresh();
});

// ---------------------------------------------------------------- tail

function tailStatus(text) {
  $('tail-status').textContent = text;
}

function tailLine(...parts) {
  const item = document.createElement('li');
  item.append(...parts);
  const list = $('tail');
  list.prepend(item);
  while (list.children.length > TAIL_LIMIT) list.lastElementChild.remove();
  return item;
}

function span(className, text) {
  const element = document.createElement(className === 'time' ? 'time' : 'span');
  if (className !== 'time') element.className = className;
  element.textContent = text;
  return element;
}

function onTailMessage(m) {
  const item = tailLine(span('time', new Date().toLocaleTimeString()), ' ', span('group', m.group), ' ',
    span('from', m.from === null ? '(server)' : m.from), ' ', span('text', m.text));
  item.dataset.seq = m.seq;
}

/** The tailing client: the one there is, the one being connected, or a new one. */
function tailClient() {
  if (tail.client) return Promise.resolve(tail.client);
  tail.connecting ??= connectTail().finally(() => { tail.connecting = null; });
  return tail.connecting;
}

/** Thrown to a Tail whose connect a Stop overtook; nothing to report. */
class TailStopped extends Error {}

async function connectTail() {
  const generation = tail.generation;
  tailStatus('Connecting…');
  const uid = `dashboard-${Math.random().toString(36).slice(2, 8).padEnd(6, '0')}`;
  const options = token() ? { uid, token: token() } : { uid };
  const client = await connect(options);
  if (generation !== tail.generation) {
    client.close();
    throw new TailStopped();
  }
  client.on('disconnect', ({ reason, final }) => {
    if (final) {
      if (tail.client === client) Object.assign(tail, { client: null, filter: null });
      tailStopped();
    }
    tailStatus(final ? `Tailing ended: ${reason}.` : `Disconnected (${reason}); reconnecting…`);
  });
  client.on('reconnect', () => tailStatus(`Tailing ${tail.filter} as ${client.uid}.`));
  client.on('skipped', ({ count }) => tailLine(span('note', `${count} message(s) missed`)));
  tail.client = client;
  return client;
}

function tailStopped() {
  $('tail-stop').disabled = true;
  $('tail-start').textContent = 'Tail';
}

async function startTail(filter) {
  try {
    const client = await tailClient();
    if (tail.filter !== null && tail.filter !== filter) await client.unsubscribe(tail.filter);
    tail.filter = null;
    await client.subscribe(filter, onTailMessage);
    tail.filter = filter;
    tailStatus(`Tailing ${filter} as ${client.uid}, newest first (at most ${TAIL_LIMIT}).`);
    $('tail-stop').disabled = false;
    $('tail-start').textContent = 'Change';
  } catch (e) {
    if (!(e instanceof TailStopped)) tailStatus(`Cannot tail ${filter}: ${e.message}.`);
  }
  refresh();
}

function stopTail() {
  tail.client?.close();
  Object.assign(tail, { client: null, connecting: null, filter: null, generation: tail.generation + 1 });
  tailStopped();
  tailStatus('Not tailing.');
  refresh();
}

$('tail-form').addEventListener('submit', (event) => {
  event.preventDefault();
  startTail($('tail-filter').value.trim());
});
$('tail-stop').addEventListener('click', stopTail);

// ---------------------------------------------------------------- credentials

$('token').value = token() ?? '';
$('token-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const value = $('token').value.trim();
  if (value) sessionStorage.setItem(TOKEN_KEY, value);
  else sessionStorage.removeItem(TOKEN_KEY);
  // The tail connected (or is connecting) with the old identity.
  if (tail.client || tail.connecting) stopTail();
  refresh();
});

// For tests and the console: the two plots (uPlot instances) and how many loads have succeeded.
window.watchboxDashboard = { rates, levels, get refreshes() { return refreshes; } };

refresh();
