// The parts of a browser watchbox.js uses besides the WebSocket, as fakes the test drives: timers
// and Date.now on a clock that moves only when told, the page's pagehide/pageshow events, and
// reportError. watchbox.js reads them from globalThis when it runs, so install() puts them there
// and restore() puts the real ones back after each test.
import { readFile } from 'node:fs/promises';

const WATCHBOX_JS = new URL('../../main/resources/META-INF/watchbox/browser/watchbox.js', import.meta.url);

/**
 * Loads watchbox.js as what it is, an ES module. Node reads a .js file outside a package with
 * "type": "module" as CommonJS, so the module's own text is imported through a data: URL.
 */
export async function loadWatchbox() {
  const source = await readFile(WATCHBOX_JS, 'utf8');
  return import(`data:text/javascript;charset=utf-8,${encodeURIComponent(`${source}\n//# sourceURL=${WATCHBOX_JS.href}`)}`);
}

/** setTimeout, clearTimeout and Date.now on a clock that moves only when the test advances it. */
export class FakeClock {
  now = 1_700_000_000_000;
  #timers = new Map(); // id -> {at, task}
  #nextId = 1;

  setTimeout = (task, delay = 0) => {
    const id = this.#nextId++;
    this.#timers.set(id, { at: this.now + Math.max(0, delay), task });
    return id;
  };

  clearTimeout = (id) => {
    this.#timers.delete(id);
  };

  /** How many timers wait to run. */
  get pending() {
    return this.#timers.size;
  }

  /** The delay until the next timer, or null when none waits. */
  get nextDelay() {
    const next = this.#next();
    return next ? next[1].at - this.now : null;
  }

  /** Moves time on by `ms`, running each timer that falls due, in order of time. */
  advance(ms) {
    const end = this.now + ms;
    for (let next = this.#next(); next && next[1].at <= end; next = this.#next()) {
      this.#timers.delete(next[0]);
      this.now = next[1].at;
      next[1].task();
    }
    this.now = end;
  }

  #next() {
    let first = null;
    for (const entry of this.#timers) {
      if (!first || entry[1].at < first[1].at) first = entry;
    }
    return first;
  }
}

/** The window's page life cycle events. */
export class FakePage extends EventTarget {
  /** The page goes away; `persisted` when it enters the back/forward cache. */
  hide(persisted) {
    this.dispatchEvent(Object.assign(new Event('pagehide'), { persisted }));
  }

  /** The page is shown; `persisted` when it comes back from the back/forward cache. */
  show(persisted) {
    this.dispatchEvent(Object.assign(new Event('pageshow'), { persisted }));
  }

  listeners(type) {
    return this.#counts.get(type) ?? 0;
  }

  #counts = new Map();

  addEventListener(type, listener, options) {
    this.#counts.set(type, this.listeners(type) + 1);
    super.addEventListener(type, listener, options);
  }

  removeEventListener(type, listener, options) {
    this.#counts.set(type, this.listeners(type) - 1);
    super.removeEventListener(type, listener, options);
  }
}

/**
 * Puts a fake clock, page and reportError in place of the real ones; returns them with restore(),
 * and `reported`: what watchbox.js reported as thrown by a handler or listener.
 */
export function install({ random = 0.5 } = {}) {
  const clock = new FakeClock();
  const page = new FakePage();
  const reported = [];
  const saved = {
    setTimeout: globalThis.setTimeout,
    clearTimeout: globalThis.clearTimeout,
    now: Date.now,
    random: Math.random,
    addEventListener: Object.getOwnPropertyDescriptor(globalThis, 'addEventListener'),
    removeEventListener: Object.getOwnPropertyDescriptor(globalThis, 'removeEventListener'),
    reportError: Object.getOwnPropertyDescriptor(globalThis, 'reportError'),
  };
  globalThis.setTimeout = clock.setTimeout;
  globalThis.clearTimeout = clock.clearTimeout;
  Date.now = () => clock.now;
  const fake = { clock, page, reported, random };
  // The jitter of the reconnect delay: the test sets fake.random between 0 and 1.
  Math.random = () => fake.random;
  globalThis.addEventListener = page.addEventListener.bind(page);
  globalThis.removeEventListener = page.removeEventListener.bind(page);
  globalThis.reportError = (error) => reported.push(error);
  fake.restore = () => {
    globalThis.setTimeout = saved.setTimeout;
    globalThis.clearTimeout = saved.clearTimeout;
    Date.now = saved.now;
    Math.random = saved.random;
    for (const name of ['addEventListener', 'removeEventListener', 'reportError']) {
      if (saved[name]) Object.defineProperty(globalThis, name, saved[name]);
      else delete globalThis[name];
    }
  };
  return fake;
}
