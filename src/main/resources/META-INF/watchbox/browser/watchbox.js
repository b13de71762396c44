// Watchbox browser client: an ES module with no dependencies and no build step.
// Served by every application that embeds Watchbox at {ctx}{path}/watchbox.js; the wire protocol
// is docs/protocol.md. It does what the Java client (io.watchbox.client) does: resume with the key
// and `since`, reconnect with full-jitter backoff, keepalive pings, a bounded buffer of publishes
// while offline, batched frames, and 4403/4409/1008/4400 as final. A page put in the back/forward
// cache lets its connection go and resumes its session when it is shown again.
//
//   import { connect } from '/watchbox/watchbox.js';
//   const client = await connect({ uid: 'alice-tab1' });
//   await client.subscribe('sensors/+/temp', m => console.log(m.group, m.text));
//   // A message that is not UTF-8 text (from MQTT) has m.encoding 'base64', m.text its base64
//   // and m.bytes its bytes (a Uint8Array); text messages have neither field.
//   const delivered = await client.publish('sensors/kitchen/temp', '21.5');
//   // Cluster mode: relayed is false when Redis was out of reach too long for the other replicas to get it.
//   const { delivered, relayed } = await client.publishForResult('sensors/kitchen/temp', '21.5');

const PING_SHARE = 3; // ping after timeout/3 of silence from us; give up after 2/3 of silence from the server

// Close codes after which the client does not come back by itself (contract: close codes).
const FINAL_CLOSES = new Map([
  [4409, 'replaced'],
  [1008, 'kicked'],
  [4403, 'forbidden'],
  [4400, 'protocol-error'],
]);
const CLOSE_NAMES = new Map([
  [1000, 'closed by the server'],
  [1001, 'server going away'],
  [1006, 'connection lost'],
  [1013, 'server full, try again later'],
  [4408, 'timeout'],
  [4413, 'too-large'],
]);
const TOO_LARGE = 4413;
// The answer of a sub or unsub that a reconnect made needless: the subscription table has what the user wants.
const SETTLED = Object.freeze({ type: 'ok' });
const UID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * A failed request or connection. `code` is the server's error code (`forbidden`, `bad-group`,
 * `rate-limited`, `too-large`, ...) or one of the client's own: `closed` (close() was called),
 * `dropped` (the offline buffer was full), `disconnected` (no reconnect will follow: a final close,
 * or autoReconnect off; requests made after it fail with this code until connect() is called).
 */
export class WatchboxError extends Error {
  constructor(code, reason) {
    super(reason ? `${code}: ${reason}` : code);
    this.name = 'WatchboxError';
    this.code = code;
    this.reason = reason ?? '';
  }
}

/** MQTT filter matching: `+` one level, `#` (last level) the rest, including the parent itself. */
export function matches(filter, group) {
  const f = filter.split('/');
  const g = group.split('/');
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '#') return true;
    if (i >= g.length) return false;
    if (f[i] !== '+' && f[i] !== g[i]) return false;
  }
  return f.length === g.length;
}

/** The endpoint beside this module: .../watchbox/watchbox.js is served by .../watchbox. */
function defaultUrl() {
  const here = new URL('.', import.meta.url);
  here.protocol = here.protocol === 'https:' ? 'wss:' : 'ws:';
  here.pathname = here.pathname.replace(/\/$/, '');
  return here.href;
}

/**
 * Connects and resolves to the client once the server's first `welcome` arrives.
 * `connect()`, `connect(options)`, `connect(url)` and `connect(url, options)` all work.
 */
export function connect(url, options) {
  return new WatchboxClient(url, options).connect();
}

/**
 * A connection to a Watchbox server that survives drops. Events (an EventTarget; `on()` is a
 * shorthand that hands the listener the event's detail):
 * - `disconnect` {code, reason, final}: a welcomed connection was lost, once per drop; also once
 *   when a reconnect is refused for good. `final` is true when no reconnect will follow.
 * - `reconnect` {resumed}: a connection came back after a drop (not the first connect); when
 *   `resumed` is false the server had forgotten the session, and the client subscribed again.
 * - `skipped` {count}: the seq gap shows exactly `count` messages were lost (e.g. the session's
 *   queue overflowed while away).
 * - `error` {code, reason}: an error frame from the server that answers no request of ours, such
 *   as a refused token (then close 4403).
 * Handlers and listeners must not block; one that throws is reported and skipped.
 */
export class WatchboxClient extends EventTarget {
  #url;
  #options;
  #WebSocket;
  // idle (before connect), connecting, connected, waiting (to reconnect), suspended (page in the
  // back/forward cache), ended (a final close; connect() starts again), closed (close(), for good)
  #state = 'idle';
  #ending = null; // in state ended: what ended it, for the requests that come after
  #attempt = null; // {ws}: events of a socket that is no longer current are ignored
  #timer = null;
  #attemptNo = 0;
  #everConnected = false;
  #lastSeq = 0;
  #resumeKey = null;
  #uid;
  #user = null;
  #nextId = 0;
  #subscriptions = new Map(); // filter -> handler, in subscription order
  #inFlight = new Map(); // id -> request
  #offline = []; // requests waiting for a connection, in sending order
  #offlinePublishes = 0;
  #offlineDropped = 0;
  #connectWaiters = [];
  #refusal = null; // the last error frame without an id: the reason of a close that follows
  #keepalive = null;
  #onPageHide = (event) => (event?.persisted ? this.#suspend() : this.close());
  #onPageShow = (event) => event?.persisted && this.#resume();

  /**
   * @param url the WebSocket endpoint (ws:// or wss://, or http(s):// of it); by default the one
   *   beside this module
   * @param options uid, token, autoReconnect (true), initialBackoff (100 ms), maxBackoff
   *   (30000 ms), offlineBufferSize (1000), connectTimeout (10000 ms), closeOnPageHide (true: a
   *   page that goes away says bye; one that enters the back/forward cache only drops its
   *   connection and resumes when shown again), WebSocket (a constructor, e.g. for Node.js)
   */
  constructor(url, options) {
    super();
    if (url !== undefined && url !== null && typeof url === 'object' && !(url instanceof URL)) {
      options = url;
      url = undefined;
    }
    const o = {
      autoReconnect: true, initialBackoff: 100, maxBackoff: 30000, offlineBufferSize: 1000,
      connectTimeout: 10000, closeOnPageHide: true, ...options,
    };
    if (o.uid != null && !UID.test(o.uid)) {
      throw new TypeError(`uid must be 1-64 characters of [A-Za-z0-9_-]: ${o.uid}`);
    }
    if (!(o.initialBackoff > 0) || !(o.maxBackoff >= o.initialBackoff)) {
      throw new RangeError(`need 0 < initialBackoff <= maxBackoff: ${o.initialBackoff}, ${o.maxBackoff}`);
    }
    if (!(o.offlineBufferSize >= 0) || !(o.connectTimeout > 0)) {
      throw new RangeError('offlineBufferSize must be >= 0 and connectTimeout > 0');
    }
    this.#WebSocket = o.WebSocket ?? globalThis.WebSocket;
    this.#url = String(url ?? defaultUrl()).replace(/^http/, 'ws');
    this.#options = o;
    this.#uid = o.uid ?? null;
    // A page that goes away says bye, so that its reload may take the same uid again. A page kept
    // in the back/forward cache may be shown again: its session waits for it (see #suspend).
    if (o.closeOnPageHide && typeof globalThis.addEventListener === 'function') {
      globalThis.addEventListener('pagehide', this.#onPageHide);
      globalThis.addEventListener('pageshow', this.#onPageShow);
    }
  }

  /** The uid given in the options or assigned by the server; null before the first welcome. */
  get uid() { return this.#uid; }
  /** The authenticated user the server named in its welcome, or null for an anonymous client. */
  get user() { return this.#user; }
  /** True while a connection is up and welcomed. */
  get connected() { return this.#state === 'connected'; }
  /** How many publishes the full offline buffer has dropped. */
  get offlineDropped() { return this.#offlineDropped; }
  /** The WebSocket endpoint. */
  get url() { return this.#url; }

  /** Listens to an event with a function of its detail; returns a function that stops it. */
  on(type, listener) {
    const wrapped = (event) => listener(event.detail);
    this.addEventListener(type, wrapped);
    return () => this.removeEventListener(type, wrapped);
  }

  /**
   * Connects; resolves to this client on the first welcome. While the server cannot be reached
   * the client keeps trying (with autoReconnect); a final refusal (e.g. a token refused, 4403)
   * rejects with a WatchboxError that carries the server's reason.
   */
  connect() {
    if (this.#state === 'closed') return Promise.reject(new WatchboxError('closed', 'the client is closed'));
    if (this.#state === 'connected') return Promise.resolve(this);
    return new Promise((resolve, reject) => {
      this.#connectWaiters.push({ resolve: () => resolve(this), reject });
      if (this.#state === 'idle' || this.#state === 'ended') this.#open();
    });
  }

  /**
   * Subscribes `handler` to a filter (`+` one level, `#` the rest); it receives {seq, group, text,
   * from}. Subscribing the same filter again replaces its handler. Resolves on the server's ok;
   * rejects with a WatchboxError when refused. Subscriptions are made again by themselves when a
   * reconnect finds the session gone.
   */
  subscribe(filter, handler) {
    requireGroup(filter);
    if (typeof handler !== 'function') throw new TypeError('handler must be a function');
    return this.#request({ type: 'sub', group: filter }, () => {
      this.#subscriptions.set(filter, handler);
    }).then(() => undefined);
  }

  /**
   * Stops delivery to the filter's handler at once; resolves on the server's ok. When the server
   * refuses, the handler is subscribed as before.
   */
  unsubscribe(filter) {
    requireGroup(filter);
    return this.#request({ type: 'unsub', group: filter }, () => {
      this.#subscriptions.delete(filter);
    }).then(() => undefined);
  }

  /**
   * Publishes `text` to `group`; resolves to the number of sessions the server queued it for.
   * While offline it waits in the offline buffer; publishes sent but not answered when a
   * connection drops are sent again after the reconnect (at least once).
   */
  publish(group, text) {
    return this.publishForResult(group, text).then((result) => result.delivered);
  }

  /**
   * Publishes as publish() does, and resolves to the server's whole answer: `{ delivered, relayed }`.
   * `relayed` is false when the message reached the subscribers of the server's own replica only
   * (cluster mode: Redis was out of reach for longer than the server's outage bounds); true
   * otherwise, and always on a single server. Publishing it again would give those subscribers a copy.
   */
  publishForResult(group, text) {
    requireGroup(group);
    if (typeof text !== 'string') throw new TypeError('text must be a string');
    return this.#request({ type: 'pub', group, msg: text })
      // Only an explicit "relayed": false says the other replicas missed it (contract: the ok of a pub).
      .then((ok) => Object.freeze({ delivered: ok.delivered ?? 0, relayed: ok.relayed !== false }));
  }

  /**
   * Says bye and stops for good: the server removes the session, and the client never
   * reconnects. Waiting requests reject with code `closed`.
   */
  close() {
    if (this.#state === 'closed') return;
    const attempt = this.#attempt;
    this.#state = 'closed';
    this.#attempt = null;
    this.#stopTimer();
    this.#keepalive = null;
    globalThis.removeEventListener?.('pagehide', this.#onPageHide);
    globalThis.removeEventListener?.('pageshow', this.#onPageShow);
    const failure = new WatchboxError('closed', 'the client was closed');
    this.#rejectConnectWaiters(failure);
    for (const request of this.#inFlight.values()) request.reject(failure);
    this.#inFlight.clear();
    for (const request of this.#drainOffline()) request.reject(failure);
    if (attempt) {
      try {
        if (attempt.ws.readyState === 1) attempt.ws.send(JSON.stringify({ type: 'bye' }));
        attempt.ws.close(1000, 'bye');
      } catch {
        // the socket is gone already
      }
    }
  }

  // ---------------------------------------------------------------- connection life cycle

  #open() {
    this.#state = 'connecting';
    this.#refusal = null;
    let ws;
    try {
      ws = new this.#WebSocket(this.#url);
    } catch (e) {
      // A malformed URL: no reconnect can help.
      this.#end(`cannot connect to ${this.#url}: ${e.message}`, 'disconnected', false, null);
      return;
    }
    const attempt = { ws };
    this.#attempt = attempt;
    ws.onopen = () => this.#current(attempt) && this.#hello();
    ws.onmessage = (event) => this.#current(attempt) && this.#received(attempt, event.data);
    ws.onclose = (event) => this.#lost(attempt, event.code, event.reason);
    this.#startTimer(() => this.#lost(attempt, 0, `no welcome within ${this.#options.connectTimeout} ms`),
      this.#options.connectTimeout);
  }

  #current(attempt) {
    return this.#attempt === attempt;
  }

  #hello() {
    const hello = { type: 'hello' };
    if (this.#uid != null) hello.uid = this.#uid;
    // since = the last seq received; not on the very first hello, where there is none.
    if (this.#everConnected) hello.since = this.#lastSeq;
    if (this.#resumeKey != null) hello.resume = this.#resumeKey;
    if (this.#options.token != null) hello.token = this.#options.token;
    // Batched frames: several objects per frame when the server has several waiting.
    hello.batch = true;
    this.#send(hello);
  }

  #welcomed(attempt, welcome) {
    if (this.#state !== 'connecting') return;
    this.#stopTimer();
    this.#state = 'connected';
    this.#uid = welcome.uid;
    this.#user = welcome.user ?? null;
    this.#resumeKey = welcome.resume ?? null;
    this.#attemptNo = 0;
    const reconnect = this.#everConnected;
    this.#everConnected = true;
    if (reconnect) {
      this.#emit('reconnect', { resumed: welcome.resumed === true });
      // The listener may have closed the client: then there is no socket to send on.
      if (!this.#current(attempt)) return;
    }
    const waiting = this.#drainOffline();
    if (welcome.resumed) {
      waiting.forEach((request) => this.#sendRequest(request));
    } else {
      this.#lastSeq = 0;
      this.#resubscribeThenFlush(waiting);
    }
    const waiters = this.#connectWaiters;
    this.#connectWaiters = [];
    waiters.forEach((waiter) => waiter.resolve());
    if (welcome.timeout > 0) {
      const pingAfter = Math.max(1, Math.floor((welcome.timeout * 1000) / PING_SHARE));
      this.#keepalive = { pingAfter, deadAfter: 2 * pingAfter, lastSent: Date.now(), lastReceived: Date.now() };
      this.#scheduleKeepalive(attempt);
    }
  }

  /**
   * The server forgot the session: subscribe every wanted filter again, then send the waiting
   * publishes. Waiting sub and unsub requests are settled by this, since the subscription table
   * already says what the user wants now.
   */
  #resubscribeThenFlush(waiting) {
    const userSubscribes = new Map();
    const publishes = [];
    for (const request of waiting) {
      if (request.frame.type === 'pub') {
        publishes.push(request);
      } else if (request.frame.type === 'sub') {
        userSubscribes.get(request.frame.group)?.resolve(SETTLED);
        userSubscribes.set(request.frame.group, request);
      } else {
        request.resolve(SETTLED);
      }
    }
    for (const filter of this.#subscriptions.keys()) {
      let request = userSubscribes.get(filter);
      userSubscribes.delete(filter);
      request ??= this.#newRequest({ type: 'sub', group: filter }, () => {}, () => {});
      this.#sendRequest(request);
    }
    // Subscribed and unsubscribed again while offline: nothing to do.
    userSubscribes.forEach((request) => request.resolve(SETTLED));
    publishes.forEach((request) => this.#sendRequest(request));
  }

  #lost(attempt, code, reason) {
    if (!this.#current(attempt)) return;
    this.#attempt = null;
    this.#stopTimer();
    this.#keepalive = null;
    if (code === 0) {
      // The client gives the connection up itself (no welcome in time, keepalive).
      attempt.ws.onclose = null;
      try { attempt.ws.close(); } catch { /* gone already */ }
    }
    const wasConnected = this.#state === 'connected';
    const refusal = this.#refusal;
    // A forbidden that answers no request refused the hello or the token, and a 4403 follows; it is
    // final even when the close code is lost on the way (a proxy that resets the connection).
    const forbidden = code === 4403 || refusal?.code === 'forbidden';
    const final = forbidden || FINAL_CLOSES.has(code) || !this.#options.autoReconnect;
    const description = describe(code, reason, refusal);
    this.#requeueInFlight(code);
    if (final) {
      // Settled before the event, so that a listener calling connect() starts afresh.
      this.#end(description, forbidden ? 'forbidden' : 'disconnected', wasConnected, refusal);
      if (wasConnected || this.#everConnected) this.#emit('disconnect', { code, reason: description, final: true });
      return;
    }
    this.#state = 'waiting';
    if (wasConnected) this.#emit('disconnect', { code, reason: description, final: false });
    if (this.#state !== 'waiting') return; // the listener closed the client
    this.#startTimer(() => {
      if (this.#state === 'waiting') this.#open();
    }, this.#nextDelay());
  }

  /**
   * The page enters the back/forward cache, where it may stay or be thrown away without another
   * event. The socket goes without bye, so the session waits on the server for its timeout;
   * requests wait offline, and the page shown again resumes it (#resume).
   */
  #suspend() {
    if (!['connecting', 'connected', 'waiting'].includes(this.#state)) return;
    const attempt = this.#attempt;
    const wasConnected = this.#state === 'connected';
    this.#attempt = null;
    this.#stopTimer();
    this.#keepalive = null;
    this.#state = 'suspended';
    if (attempt) {
      attempt.ws.onclose = null;
      try { attempt.ws.close(1000, 'page hidden'); } catch { /* gone already */ }
    }
    this.#requeueInFlight(0);
    if (wasConnected) this.#emit('disconnect', { code: 0, reason: 'page hidden', final: false });
  }

  /** The page came back from the back/forward cache: connect at once, resuming the session. */
  #resume() {
    if (this.#state !== 'suspended') return;
    this.#attemptNo = 0;
    this.#open();
  }

  /** Full jitter, floored at the initial delay: uniform in [initial, min(max, initial * 2^n)]. */
  #nextDelay() {
    const { initialBackoff, maxBackoff } = this.#options;
    const cap = Math.min(maxBackoff, initialBackoff * 2 ** Math.min(this.#attemptNo, 52));
    this.#attemptNo++;
    return initialBackoff + Math.floor(Math.random() * (cap - initialBackoff + 1));
  }

  /**
   * At least once: requests sent but not answered go out again after the reconnect, before newer
   * ones. After a 4413 the server refused one of them as too large; sending them again would only
   * repeat that, so they fail instead.
   */
  #requeueInFlight(code) {
    const unanswered = [...this.#inFlight.values()];
    this.#inFlight.clear();
    if (code === TOO_LARGE) {
      unanswered.forEach((request) => request.reject(
        new WatchboxError('too-large', 'the server closed the connection (4413)')));
      return;
    }
    this.#offline.unshift(...unanswered);
    this.#offlinePublishes += unanswered.filter((request) => request.frame.type === 'pub').length;
    this.#trimOffline();
  }

  /**
   * No reconnect will follow: nothing waiting can succeed, nor anything asked later, until
   * connect() is called again.
   */
  #end(description, code, wasConnected, refusal) {
    this.#state = 'ended';
    this.#ending = new WatchboxError('disconnected',
      `the connection to ${this.#url} ended for good (${description}); call connect() to start again`);
    const what = wasConnected ? `connection to ${this.#url} lost` : `cannot connect to ${this.#url}`;
    const failure = refusal && code === 'forbidden'
      ? new WatchboxError('forbidden', refusal.reason)
      : new WatchboxError(code, `${what}: ${description}`);
    this.#rejectConnectWaiters(failure);
    for (const request of this.#drainOffline()) request.reject(failure);
  }

  #rejectConnectWaiters(failure) {
    const waiters = this.#connectWaiters;
    this.#connectWaiters = [];
    waiters.forEach((waiter) => waiter.reject(failure));
  }

  // ---------------------------------------------------------------- keepalive

  #scheduleKeepalive(attempt) {
    const k = this.#keepalive;
    const next = Math.min(k.lastSent + k.pingAfter, k.lastReceived + k.deadAfter);
    this.#startTimer(() => this.#checkKeepalive(attempt), Math.max(0, next - Date.now()));
  }

  #checkKeepalive(attempt) {
    if (!this.#current(attempt) || this.#state !== 'connected') return;
    const k = this.#keepalive;
    const now = Date.now();
    if (now - k.lastReceived >= k.deadAfter) {
      this.#lost(attempt, 0, 'keepalive');
      return;
    }
    if (now - k.lastSent >= k.pingAfter) this.#send({ type: 'ping' });
    this.#scheduleKeepalive(attempt);
  }

  // ---------------------------------------------------------------- frames in

  #received(attempt, data) {
    if (this.#keepalive) {
      this.#keepalive.lastReceived = Date.now();
      // Timers of a hidden tab may run late; a frame arriving is a chance to ping on time.
      if (Date.now() - this.#keepalive.lastSent >= this.#keepalive.pingAfter) this.#send({ type: 'ping' });
    }
    if (typeof data !== 'string') return;
    // A batched frame holds objects separated by \n, which JSON text never holds unescaped.
    for (const text of data.split('\n')) {
      if (!this.#current(attempt)) return;
      let frame;
      try {
        frame = JSON.parse(text);
      } catch {
        console.warn('watchbox: ignoring a malformed frame from the server', text.slice(0, 200));
        continue;
      }
      this.#frame(attempt, frame);
    }
  }

  #frame(attempt, frame) {
    switch (frame?.type) {
      case 'welcome': this.#welcomed(attempt, frame); break;
      case 'msg': this.#message(frame); break;
      case 'ok': this.#answered(frame); break;
      case 'error': this.#refused(frame); break;
      default: break; // pong, and types this client does not know
    }
  }

  #message(msg) {
    if (msg.seq <= this.#lastSeq) return; // replayed on resume
    const skipped = msg.seq - this.#lastSeq - 1;
    this.#lastSeq = msg.seq;
    if (skipped > 0) this.#emit('skipped', { count: skipped });
    const message = Object.freeze(msg.encoding === 'base64'
      // Bytes that are not UTF-8 text (an MQTT client may publish any): text stays the base64 as sent.
      ? { seq: msg.seq, group: msg.group, text: msg.msg, from: msg.from ?? null, encoding: 'base64',
          bytes: fromBase64(msg.msg) }
      : { seq: msg.seq, group: msg.group, text: msg.msg, from: msg.from ?? null });
    for (const [filter, handler] of [...this.#subscriptions]) {
      if (matches(filter, msg.group)) guard(() => handler(message));
    }
  }

  #answered(ok) {
    const request = this.#inFlight.get(ok.id);
    if (!request) return;
    this.#inFlight.delete(ok.id);
    request.resolve(ok);
  }

  #refused(error) {
    const request = error.id == null ? undefined : this.#inFlight.get(error.id);
    if (!request) {
      this.#refusal = { code: error.code, reason: error.reason ?? '' };
      this.#emit('error', this.#refusal);
      return;
    }
    this.#inFlight.delete(error.id);
    // The server kept what it had: so does the subscription table, unless the user changed it since.
    const { type, group } = request.frame;
    if (type === 'sub' && this.#subscriptions.get(group) === request.handler) {
      if (request.previous) this.#subscriptions.set(group, request.previous);
      else this.#subscriptions.delete(group);
    } else if (type === 'unsub' && request.previous && !this.#subscriptions.has(group)) {
      this.#subscriptions.set(group, request.previous);
    }
    request.reject(new WatchboxError(error.code, error.reason));
  }

  // ---------------------------------------------------------------- frames out

  #request(frame, apply = () => {}) {
    if (this.#state === 'closed') return Promise.reject(new WatchboxError('closed', 'the client is closed'));
    if (this.#state === 'ended') return Promise.reject(this.#ending);
    return new Promise((resolve, reject) => {
      // What the table held for the group before, to put back if the server refuses.
      const previous = frame.type === 'pub' ? undefined : this.#subscriptions.get(frame.group);
      apply();
      const request = this.#newRequest(frame, resolve, reject);
      if (frame.type === 'sub') request.handler = this.#subscriptions.get(frame.group);
      request.previous = previous;
      if (this.#state === 'connected') {
        this.#sendRequest(request);
      } else {
        this.#offline.push(request);
        if (frame.type === 'pub') this.#offlinePublishes++;
        this.#trimOffline();
      }
    });
  }

  #newRequest(frame, resolve, reject) {
    return { id: ++this.#nextId, frame, resolve, reject };
  }

  /** Drops the oldest publishes beyond offlineBufferSize; subscribes and unsubscribes stay. */
  #trimOffline() {
    const capacity = this.#options.offlineBufferSize;
    while (this.#offlinePublishes > capacity) {
      const index = this.#offline.findIndex((request) => request.frame.type === 'pub');
      const [request] = this.#offline.splice(index, 1);
      this.#offlinePublishes--;
      this.#offlineDropped++;
      request.reject(new WatchboxError('dropped',
        `offline buffer full (${capacity}): publish to ${request.frame.group} dropped`));
    }
  }

  #drainOffline() {
    const all = this.#offline;
    this.#offline = [];
    this.#offlinePublishes = 0;
    return all;
  }

  #sendRequest(request) {
    this.#inFlight.set(request.id, request);
    this.#send({ ...request.frame, id: request.id });
  }

  #send(frame) {
    this.#attempt.ws.send(JSON.stringify(frame));
    if (this.#keepalive) this.#keepalive.lastSent = Date.now();
  }

  // ---------------------------------------------------------------- helpers

  #startTimer(task, delay) {
    this.#stopTimer();
    this.#timer = setTimeout(() => {
      this.#timer = null;
      task();
    }, delay);
  }

  #stopTimer() {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }

  #emit(type, detail) {
    guard(() => this.dispatchEvent(new CustomEvent(type, { detail })));
  }
}

function requireGroup(group) {
  if (typeof group !== 'string' || group.length === 0) throw new TypeError('group must be a non-empty string');
}

function describe(code, reason, refusal) {
  if (code === 0) return reason;
  const name = FINAL_CLOSES.get(code) ?? CLOSE_NAMES.get(code) ?? 'closed';
  // An error frame just before a 4xxx close says why; the close's own reason is often empty.
  const why = ((code >= 4000 || refusal?.code === 'forbidden') && refusal?.reason) || reason;
  return why ? `${name} (${code}): ${why}` : `${name} (${code})`;
}

/** Runs user code; an exception is reported (the page's error event, the console) and skipped. */
// The bytes of base64 text (RFC 4648), as a Uint8Array.
function fromBase64(base64) {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function guard(run) {
  try {
    run();
  } catch (e) {
    if (typeof globalThis.reportError === 'function') globalThis.reportError(e);
    else console.error(e);
  }
}
