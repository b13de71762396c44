// A WebSocket stand-in for the watchbox.js tests: the test plays the server. Each network keeps its
// own sockets, so no state is shared between tests.

const CONNECTING = 0;
const OPEN = 1;
const CLOSING = 2;
const CLOSED = 3;

export class FakeNetwork {
  /** Every socket the client opened, oldest first. */
  sockets = [];

  /** The constructor to hand the client as its `WebSocket` option. */
  WebSocket;

  constructor() {
    const network = this;
    this.WebSocket = class extends FakeWebSocket {
      constructor(url) {
        super(url);
        network.sockets.push(this);
      }
    };
  }

  /** The socket opened last. */
  get last() {
    return this.sockets.at(-1);
  }
}

class FakeWebSocket {
  static CONNECTING = CONNECTING;
  static OPEN = OPEN;
  static CLOSING = CLOSING;
  static CLOSED = CLOSED;

  readyState = CONNECTING;
  onopen = null;
  onmessage = null;
  onclose = null;
  onerror = null;
  /** The frames the client sent, parsed. */
  sent = [];
  /** The client's close() calls, as {code, reason}. */
  closedBy = [];

  constructor(url) {
    this.url = url;
  }

  // ------------------------------------------------------------- what the client calls

  send(text) {
    // As a browser does: an error before the socket opens, silently dropped once it is closing.
    if (this.readyState === CONNECTING) throw new DOMException('still connecting', 'InvalidStateError');
    if (this.readyState !== OPEN) return;
    this.sent.push(JSON.parse(text));
  }

  close(code, reason) {
    this.closedBy.push({ code, reason });
    if (this.readyState === OPEN || this.readyState === CONNECTING) this.readyState = CLOSING;
  }

  // ------------------------------------------------------------- what the test (the server) does

  /** The connection opens. */
  open() {
    this.readyState = OPEN;
    this.onopen?.({ type: 'open' });
  }

  /** The server sends a frame: one object, or several in one batched frame. */
  receive(...objects) {
    this.onmessage?.({ type: 'message', data: objects.map((o) => JSON.stringify(o)).join('\n') });
  }

  /** Opens and answers the hello with a welcome; returns the hello. */
  welcome(fields = {}) {
    if (this.readyState === CONNECTING) this.open();
    const hello = this.sent.find((frame) => frame.type === 'hello');
    if (!hello) throw new Error(`no hello was sent: ${JSON.stringify(this.sent)}`);
    this.receive({ type: 'welcome', uid: hello.uid ?? 'server-given', resumed: false, timeout: 0, listlimit: 100,
      resume: 'key-1', user: null, ...fields });
    return hello;
  }

  /** The connection closes, from the server's side or the network's. */
  drop(code = 1006, reason = '') {
    this.readyState = CLOSED;
    this.onclose?.({ type: 'close', code, reason, wasClean: code !== 1006 });
  }

  /** The frames of a type the client sent. */
  frames(type) {
    return this.sent.filter((frame) => frame.type === type);
  }

  /** The last frame the client sent of a type. */
  lastFrame(type) {
    return this.frames(type).at(-1);
  }

  /** Answers the client's request with ok. */
  ok(request, fields = {}) {
    this.receive({ type: 'ok', id: request.id, ...fields });
  }

  /** Refuses the client's request. */
  refuse(request, code, reason = `refused ${request.type}`) {
    this.receive({ type: 'error', id: request.id, code, reason });
  }
}
