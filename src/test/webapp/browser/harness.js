// What the browser tests call (with Selenium's executeAsyncScript): named clients of watchbox.js,
// served by the module beside this test application, and everything they saw, as JSON.
import { WatchboxClient } from '../watchbox/watchbox.js';

const log = document.getElementById('log');
const clients = new Map();

function show(name, what) {
  log.textContent += `${new Date().toISOString().slice(11, 23)} ${name}: ${what}\n`;
}

function failure(e) {
  return { error: { code: e.code ?? e.name, reason: e.reason ?? e.message } };
}

function state(name) {
  const s = clients.get(name);
  if (!s) throw new Error(`no client ${name}`);
  return s;
}

window.harness = {
  /** Connects client `name` to the endpoint beside watchbox.js; resolves to {uid, user} or {error}. */
  async connect(name, options) {
    const s = { messages: [], events: [], published: [], frames: [] };
    // Every text frame as it came, to see batched frames.
    s.WebSocket = class extends WebSocket {
      constructor(url) {
        super(url);
        this.addEventListener('message', (e) => s.frames.push(e.data));
      }
    };
    s.client = new WatchboxClient({ initialBackoff: 50, maxBackoff: 500, ...options, WebSocket: s.WebSocket });
    clients.set(name, s);
    for (const type of ['disconnect', 'reconnect', 'skipped', 'error']) {
      s.client.on(type, (detail) => {
        s.events.push({ type, ...detail });
        show(name, `${type} ${JSON.stringify(detail)}`);
      });
    }
    try {
      await s.client.connect();
      show(name, `connected to ${s.client.url} as ${s.client.uid}`);
      return { uid: s.client.uid, user: s.client.user, url: s.client.url };
    } catch (e) {
      show(name, `connect failed: ${e.message}`);
      return failure(e);
    }
  },

  /** Subscribes; every message is recorded with `label`. */
  async subscribe(name, filter, label) {
    const s = state(name);
    try {
      await s.client.subscribe(filter, (m) => {
        s.messages.push({ label, seq: m.seq, group: m.group, text: m.text, from: m.from });
        show(name, `${label} #${m.seq} ${m.group}: ${m.text}`);
      });
      return { ok: true };
    } catch (e) {
      return failure(e);
    }
  },

  /** Publishes and waits for the answer: {delivered} or {error}. */
  async publish(name, group, text) {
    try {
      return { delivered: await state(name).client.publish(group, text) };
    } catch (e) {
      return failure(e);
    }
  },

  /** Publishes without waiting; the answer is recorded in `published` when it comes. */
  publishLater(name, group, text) {
    const s = state(name);
    s.client.publish(group, text).then(
      (delivered) => s.published.push({ text, delivered }),
      (e) => s.published.push({ text, ...failure(e) }));
    return { ok: true };
  },

  /** What client `name` saw so far. */
  state(name) {
    const s = state(name);
    return {
      uid: s.client.uid, connected: s.client.connected, offlineDropped: s.client.offlineDropped,
      messages: s.messages, events: s.events, published: s.published, frames: s.frames,
    };
  },

  close(name) {
    state(name).client.close();
    return { ok: true };
  },
};
show('page', 'ready');
