// Unit tests of the browser client, watchbox.js: its state machine against a fake WebSocket (the
// test plays the server), a clock that moves only when told, and fake page events. Run with
// `node --test src/test/js/` (the Maven build does, in the test phase).
import { afterEach, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeNetwork } from './fake-websocket.mjs';
import { install, loadWatchbox } from './fake-browser.mjs';

const { WatchboxClient, WatchboxError, connect, matches } = await loadWatchbox();

const URL = 'ws://watchbox.test/app/watchbox';

let browser;
let network;

beforeEach(() => {
  browser = install();
  network = new FakeNetwork();
});

afterEach(() => browser.restore());

/** A client on the fake network; options as the user gives them. */
function client(options = {}) {
  return new WatchboxClient(URL, { WebSocket: network.WebSocket, ...options });
}

/** A client welcomed on its first socket; returns it with that socket. */
async function connected(options = {}, welcome = {}) {
  const c = client(options);
  const connecting = c.connect();
  network.last.welcome(welcome);
  await connecting;
  return { c, ws: network.last };
}

/** Lets settled promises run their reactions (timers are fake; setImmediate is not). */
const flush = () => new Promise((resolve) => setImmediate(resolve));

/** Follows a promise: {state: pending | resolved | rejected, value, error}. */
function track(promise) {
  const t = { state: 'pending' };
  promise.then((value) => Object.assign(t, { state: 'resolved', value }),
    (error) => Object.assign(t, { state: 'rejected', error }));
  return t;
}

/** Records a client's events by type. */
function events(c) {
  const seen = { disconnect: [], reconnect: [], skipped: [], error: [] };
  for (const type of Object.keys(seen)) c.on(type, (detail) => seen[type].push(detail));
  return seen;
}

/** Drops the connection and lets the retry timer open the next socket; returns it. */
function dropAndRetry(ws, code = 1006) {
  ws.drop(code);
  browser.clock.advance(browser.clock.nextDelay);
  return network.last;
}

/** The delay before each of `drops` retries in a row, none of them welcomed. */
function retryDelays(ws, drops) {
  const delays = [];
  let next = ws;
  for (let i = 0; i < drops; i++) {
    next.drop(1006);
    delays.push(browser.clock.nextDelay);
    browser.clock.advance(browser.clock.nextDelay);
    next = network.last;
  }
  return delays;
}

describe('connect', () => {
  test('the first hello names the uid, asks for batches and has no since', async () => {
    const c = client({ uid: 'alice', token: 'secret' });
    const connecting = track(c.connect());
    const ws = network.last;
    assert.equal(ws.url, URL);
    ws.open();
    assert.deepEqual(ws.sent, [{ type: 'hello', uid: 'alice', token: 'secret', batch: true }]);
    await flush();
    assert.equal(connecting.state, 'pending', 'not before the welcome');

    ws.receive({ type: 'welcome', uid: 'alice', resumed: false, timeout: 0, resume: 'k', user: 'al' });
    await flush();
    assert.equal(connecting.value, c);
    assert.equal(c.connected, true);
    assert.equal(c.user, 'al');
  });

  test('the uid the server gives is the client\'s', async () => {
    const c = client();
    const connecting = c.connect();
    network.last.open();
    assert.equal(network.last.sent[0].uid, undefined);
    network.last.receive({ type: 'welcome', uid: 'given-7', resumed: false, timeout: 0 });
    await connecting;
    assert.equal(c.uid, 'given-7');
  });

  test('connect while connected resolves at once, without a second socket', async () => {
    const { c } = await connected();
    assert.equal(await c.connect(), c);
    assert.equal(network.sockets.length, 1);
  });

  test('a server that never welcomes is given up after the connect timeout, and tried again', () => {
    const c = client({ connectTimeout: 5000 });
    c.connect();
    const first = network.last;
    first.open();
    browser.clock.advance(4999);
    assert.equal(network.sockets.length, 1);
    browser.clock.advance(1);
    assert.equal(first.closedBy.length, 1, 'the client closed the silent socket');
    browser.clock.advance(browser.clock.nextDelay);
    assert.equal(network.sockets.length, 2);
  });

  test('without autoReconnect an unreachable server fails the connect', async () => {
    const c = client({ autoReconnect: false });
    const connecting = track(c.connect());
    network.last.drop(1006);
    await flush();
    assert.equal(connecting.state, 'rejected');
    assert.ok(connecting.error instanceof WatchboxError);
    assert.equal(connecting.error.code, 'disconnected');
    assert.match(connecting.error.message, /cannot connect to ws:\/\/watchbox\.test/);
    assert.equal(browser.clock.pending, 0, 'no retry');
  });

  test('a refused token rejects the connect with the server\'s reason, and is final', async () => {
    const c = client({ token: 'expired' });
    const seen = events(c);
    const connecting = track(c.connect());
    const ws = network.last;
    ws.open();
    ws.receive({ type: 'error', code: 'forbidden', reason: 'the token has expired' });
    ws.drop(4403);
    await flush();
    assert.equal(connecting.error.code, 'forbidden');
    assert.equal(connecting.error.reason, 'the token has expired');
    assert.deepEqual(seen.error, [{ code: 'forbidden', reason: 'the token has expired' }]);
    assert.equal(network.sockets.length, 1);
  });
});

describe('subscribe, unsubscribe, publish', () => {
  test('subscribe resolves on the server\'s ok, and messages reach the handler', async () => {
    const { c, ws } = await connected();
    const got = [];
    const subscribing = track(c.subscribe('sensors/+/temp', (m) => got.push(m)));
    const sub = ws.lastFrame('sub');
    assert.equal(sub.group, 'sensors/+/temp');
    await flush();
    assert.equal(subscribing.state, 'pending');
    ws.ok(sub);
    await flush();
    assert.equal(subscribing.state, 'resolved');

    ws.receive({ type: 'msg', seq: 1, group: 'sensors/kitchen/temp', msg: '21.5', from: 'bob' });
    assert.deepEqual(got, [{ seq: 1, group: 'sensors/kitchen/temp', text: '21.5', from: 'bob' }]);
    assert.ok(Object.isFrozen(got[0]));
  });

  test('a message of bytes that are not UTF-8 text reaches the handler with its encoding and its bytes', async () => {
    const { c, ws } = await connected();
    const got = [];
    const subscribing = c.subscribe('raw/#', (m) => got.push(m));
    ws.ok(ws.lastFrame('sub'));
    await subscribing;

    ws.receive({ type: 'msg', seq: 1, group: 'raw/plc', msg: '3q2+7wD/', encoding: 'base64', from: 'plc' });
    assert.equal(got.length, 1);
    assert.equal(got[0].encoding, 'base64');
    assert.equal(got[0].text, '3q2+7wD/');
    assert.deepEqual([...got[0].bytes], [0xde, 0xad, 0xbe, 0xef, 0x00, 0xff]);
  });

  test('a refused subscribe rejects with the server\'s code and reason and delivers nothing', async () => {
    const { c, ws } = await connected();
    const got = [];
    const subscribing = track(c.subscribe('secret/#', (m) => got.push(m)));
    ws.refuse(ws.lastFrame('sub'), 'forbidden', 'not yours');
    await flush();
    assert.equal(subscribing.error.code, 'forbidden');
    assert.equal(subscribing.error.reason, 'not yours');
    ws.receive({ type: 'msg', seq: 1, group: 'secret/x', msg: 'hidden', from: null });
    assert.deepEqual(got, []);
  });

  test('a refused subscribe of a subscribed filter keeps its earlier handler', async () => {
    const { c, ws } = await connected();
    const got = [];
    const first = c.subscribe('a', (m) => got.push(`first ${m.text}`));
    ws.ok(ws.lastFrame('sub'));
    await first;
    const again = track(c.subscribe('a', (m) => got.push(`second ${m.text}`)));
    ws.refuse(ws.lastFrame('sub'), 'rate-limited');
    await flush();
    assert.equal(again.state, 'rejected');
    ws.receive({ type: 'msg', seq: 1, group: 'a', msg: 'x', from: null });
    assert.deepEqual(got, ['first x']);
  });

  test('unsubscribe stops delivery at once and resolves on the ok', async () => {
    const { c, ws } = await connected();
    const got = [];
    const subscribing = c.subscribe('a/#', (m) => got.push(m.text));
    ws.ok(ws.lastFrame('sub'));
    await subscribing;
    const unsubscribing = track(c.unsubscribe('a/#'));
    ws.receive({ type: 'msg', seq: 1, group: 'a/b', msg: 'after', from: null });
    assert.deepEqual(got, []);
    assert.equal(ws.lastFrame('unsub').group, 'a/#');
    ws.ok(ws.lastFrame('unsub'));
    await flush();
    assert.equal(unsubscribing.state, 'resolved');
  });

  test('a refused unsubscribe keeps the handler subscribed', async () => {
    const { c, ws } = await connected();
    const got = [];
    const subscribing = c.subscribe('a/#', (m) => got.push(m.text));
    ws.ok(ws.lastFrame('sub'));
    await subscribing;

    const unsubscribing = track(c.unsubscribe('a/#'));
    ws.refuse(ws.lastFrame('unsub'), 'rate-limited', 'slow down');
    await flush();

    assert.equal(unsubscribing.error.code, 'rate-limited');
    ws.receive({ type: 'msg', seq: 1, group: 'a/b', msg: 'still mine', from: null });
    assert.deepEqual(got, ['still mine'], 'the server still sends them, and the handler still gets them');
  });

  test('publish resolves to the delivered count', async () => {
    const { c, ws } = await connected();
    const publishing = track(c.publish('sensors/kitchen/temp', '21.5'));
    const pub = ws.lastFrame('pub');
    assert.deepEqual({ ...pub, id: undefined }, { type: 'pub', group: 'sensors/kitchen/temp', msg: '21.5', id: undefined });
    ws.ok(pub, { delivered: 3 });
    await flush();
    assert.equal(publishing.value, 3);
  });

  test('publishForResult says whether the other replicas of a cluster got the message', async () => {
    const { c, ws } = await connected();
    const everywhere = track(c.publishForResult('a', 'everywhere'));
    ws.ok(ws.lastFrame('pub'), { delivered: 3 });
    const hereOnly = track(c.publishForResult('a', 'here only'));
    ws.ok(ws.lastFrame('pub'), { delivered: 2, relayed: false });
    const counted = track(c.publish('a', 'here only too'));
    ws.ok(ws.lastFrame('pub'), { delivered: 1, relayed: false });
    await flush();
    assert.deepEqual(everywhere.value, { delivered: 3, relayed: true }, 'no relayed field: relayed, or a single server');
    assert.deepEqual(hereOnly.value, { delivered: 2, relayed: false });
    assert.ok(Object.isFrozen(hereOnly.value));
    assert.equal(counted.value, 1, 'publish still resolves to the count');
  });

  test('publishForResult rejects as publish does', async () => {
    const { c, ws } = await connected();
    const publishing = track(c.publishForResult('a', 'x'));
    ws.refuse(ws.lastFrame('pub'), 'forbidden', 'not yours');
    await flush();
    assert.ok(publishing.error instanceof WatchboxError);
    assert.equal(publishing.error.code, 'forbidden');
    assert.throws(() => c.publishForResult('a', 5), TypeError);
  });

  test('a refused publish rejects with the server\'s code', async () => {
    const { c, ws } = await connected();
    const publishing = track(c.publish('a', 'x'));
    ws.refuse(ws.lastFrame('pub'), 'rate-limited', 'too many');
    await flush();
    assert.ok(publishing.error instanceof WatchboxError);
    assert.equal(publishing.error.code, 'rate-limited');
    assert.equal(publishing.error.message, 'rate-limited: too many');
  });

  test('replies settle the request they answer, whatever their order', async () => {
    const { c, ws } = await connected();
    const one = track(c.publish('a', '1'));
    const two = track(c.publish('a', '2'));
    const [first, second] = ws.frames('pub');
    ws.receive({ type: 'ok', id: second.id, delivered: 2 }, { type: 'ok', id: first.id, delivered: 1 });
    await flush();
    assert.deepEqual([one.value, two.value], [1, 2]);
  });

  test('bad arguments throw at once', () => {
    const c = client();
    assert.throws(() => c.publish('', 'x'), TypeError);
    assert.throws(() => c.publish('a', 5), TypeError);
    assert.throws(() => c.subscribe('a'), TypeError);
    assert.throws(() => client({ uid: 'not a uid' }), TypeError);
    assert.throws(() => client({ initialBackoff: 0 }), RangeError);
  });
});

describe('dispatch', () => {
  test('a message reaches every matching handler once, in subscription order', async () => {
    const { c, ws } = await connected();
    const got = [];
    c.subscribe('s/+/temp', (m) => got.push(`plus ${m.text}`));
    c.subscribe('s/#', (m) => got.push(`hash ${m.text}`));
    c.subscribe('other', (m) => got.push(`other ${m.text}`));
    ws.receive({ type: 'msg', seq: 1, group: 's/kitchen/temp', msg: 'a', from: null },
      { type: 'msg', seq: 2, group: 's/hall', msg: 'b', from: null });
    assert.deepEqual(got, ['plus a', 'hash a', 'hash b']);
  });

  test('a gap in seq is reported with its size, and replayed messages are ignored', async () => {
    const { c, ws } = await connected();
    const seen = events(c);
    const got = [];
    c.subscribe('#', (m) => got.push(m.seq));
    ws.receive({ type: 'msg', seq: 1, group: 'g', msg: '', from: null });
    ws.receive({ type: 'msg', seq: 5, group: 'g', msg: '', from: null });
    ws.receive({ type: 'msg', seq: 5, group: 'g', msg: '', from: null });
    assert.deepEqual(got, [1, 5]);
    assert.deepEqual(seen.skipped, [{ count: 3 }]);
  });

  // (A listener that throws is reported by dispatchEvent itself, as in a browser.)
  test('a handler that throws is reported and the other handlers go on', async () => {
    const { c, ws } = await connected();
    const got = [];
    c.subscribe('g', () => { throw new Error('handler'); });
    c.subscribe('#', (m) => got.push(m.text));
    ws.receive({ type: 'msg', seq: 1, group: 'g', msg: 'x', from: null });
    ws.receive({ type: 'msg', seq: 2, group: 'g', msg: 'y', from: null });
    assert.deepEqual(got, ['x', 'y']);
    assert.deepEqual(browser.reported.map((e) => e.message), ['handler', 'handler']);
  });

  test('a malformed frame is skipped', async () => {
    const { c, ws } = await connected();
    const got = [];
    c.subscribe('#', (m) => got.push(m.text));
    const warn = console.warn;
    console.warn = () => {};
    try {
      ws.onmessage({ data: 'not json\n{"type":"msg","seq":1,"group":"g","msg":"ok","from":null}' });
    } finally {
      console.warn = warn;
    }
    assert.deepEqual(got, ['ok']);
  });

  test('matches follows MQTT: + one level, # the rest including the parent', () => {
    assert.ok(matches('a/+/c', 'a/b/c'));
    assert.ok(!matches('a/+', 'a/b/c'));
    assert.ok(matches('a/#', 'a'));
    assert.ok(matches('a/#', 'a/b/c'));
    assert.ok(!matches('a/b', 'a'));
  });
});

describe('reconnect and resume', () => {
  test('a drop is reported once, and the reconnect once, however many attempts it takes', async () => {
    const { c, ws } = await connected({ uid: 'alice' });
    const seen = events(c);
    let next = dropAndRetry(ws);
    next = dropAndRetry(next);
    next = dropAndRetry(next);
    next.welcome({ resumed: true });
    assert.deepEqual(seen.disconnect, [{ code: 1006, reason: 'connection lost (1006)', final: false }]);
    assert.deepEqual(seen.reconnect, [{ resumed: true }]);
    assert.equal(c.connected, true);
  });

  test('retry delays double up to the maximum at the top of the jitter range', async () => {
    browser.random = 0.9999;
    const { ws } = await connected({ initialBackoff: 100, maxBackoff: 1000 });
    assert.deepEqual(retryDelays(ws, 6), [100, 200, 400, 800, 1000, 1000]);
  });

  test('retry delays stay at the initial delay at the bottom of the jitter range', async () => {
    browser.random = 0;
    const { ws } = await connected({ initialBackoff: 100, maxBackoff: 1000 });
    assert.deepEqual(retryDelays(ws, 4), [100, 100, 100, 100]);
  });

  test('a welcomed connection resets the backoff', async () => {
    browser.random = 0.9999;
    const { ws } = await connected({ initialBackoff: 100, maxBackoff: 1000 });
    let next = dropAndRetry(ws);
    next = dropAndRetry(next);
    next.welcome({ resumed: true });
    next.drop(1006);
    assert.equal(browser.clock.nextDelay, 100);
  });

  test('the hello after a drop carries the uid, the last seq as since, and the resume key', async () => {
    const { c, ws } = await connected({}, { uid: 'given-1', resume: 'key-A' });
    c.subscribe('#', () => {});
    ws.receive({ type: 'msg', seq: 7, group: 'g', msg: '', from: null });
    const next = dropAndRetry(ws);
    next.open();
    assert.deepEqual(next.sent, [{ type: 'hello', uid: 'given-1', since: 7, resume: 'key-A', batch: true }]);
  });

  test('a resumed session keeps its subscriptions on the server: none are sent again', async () => {
    const { c, ws } = await connected({ uid: 'alice' });
    c.subscribe('a', () => {});
    ws.ok(ws.lastFrame('sub'));
    const next = dropAndRetry(ws);
    next.welcome({ resumed: true });
    assert.deepEqual(next.sent.map((f) => f.type), ['hello']);
  });

  test('a forgotten session is subscribed again before the buffered publishes go out, and counts from one', async () => {
    const { c, ws } = await connected({ uid: 'alice' });
    const seen = events(c);
    const got = [];
    c.subscribe('a', (m) => got.push(m.seq));
    c.subscribe('b/#', () => {});
    ws.receive({ type: 'msg', seq: 9, group: 'a', msg: '', from: null });
    ws.drop(1006);
    const publishing = track(c.publish('a', 'offline'));
    browser.clock.advance(browser.clock.nextDelay);
    const next = network.last;
    next.welcome({ resumed: false });

    assert.deepEqual(next.sent.slice(1).map((f) => `${f.type} ${f.group}`), ['sub a', 'sub b/#', 'pub a']);
    assert.deepEqual(seen.reconnect, [{ resumed: false }]);
    next.ok(next.lastFrame('pub'), { delivered: 1 });
    next.receive({ type: 'msg', seq: 1, group: 'a', msg: 'offline', from: 'alice' });
    await flush();
    assert.equal(publishing.value, 1);
    assert.deepEqual(got, [9, 1], 'seq 1 of the new session is not taken for a replay');
  });

  test('an unsubscribe made offline is not undone by the resubscribe', async () => {
    const { c, ws } = await connected({ uid: 'alice' });
    c.subscribe('a', () => {});
    c.subscribe('b', () => {});
    ws.drop(1006);
    const unsubscribing = track(c.unsubscribe('a'));
    browser.clock.advance(browser.clock.nextDelay);
    const next = network.last;
    next.welcome({ resumed: false });
    await flush();
    assert.deepEqual(next.sent.slice(1).map((f) => `${f.type} ${f.group}`), ['sub b']);
    assert.equal(unsubscribing.state, 'resolved');
  });
});

describe('offline buffering', () => {
  test('requests made before the first connect go out after the welcome', async () => {
    const c = client();
    const publishing = track(c.publish('a', 'early'));
    const connecting = c.connect();
    network.last.welcome();
    await connecting;
    assert.deepEqual(network.last.sent.slice(1).map((f) => f.msg), ['early']);
    network.last.ok(network.last.lastFrame('pub'), { delivered: 0 });
    await flush();
    assert.equal(publishing.value, 0);
  });

  test('publishes made while disconnected go out in order after the reconnect', async () => {
    const { c, ws } = await connected({ uid: 'alice' });
    ws.drop(1006);
    const waiting = ['1', '2', '3'].map((text) => track(c.publish('a', text)));
    await flush();
    assert.ok(waiting.every((t) => t.state === 'pending'), 'nothing is answered while offline');
    browser.clock.advance(browser.clock.nextDelay);
    const next = network.last;
    next.welcome({ resumed: true });
    assert.deepEqual(next.frames('pub').map((f) => f.msg), ['1', '2', '3']);
    next.frames('pub').forEach((f) => next.ok(f, { delivered: 1 }));
    await flush();
    assert.deepEqual(waiting.map((t) => t.value), [1, 1, 1]);
  });

  test('a full buffer drops the oldest publish and counts it, and keeps subscribes', async () => {
    const { c, ws } = await connected({ uid: 'alice', offlineBufferSize: 2 });
    ws.drop(1006);
    const oldest = track(c.publish('a', '1'));
    const subscribing = track(c.subscribe('s', () => {}));
    c.publish('a', '2');
    c.publish('a', '3');
    await flush();
    assert.equal(oldest.error.code, 'dropped');
    assert.equal(subscribing.state, 'pending');
    assert.equal(c.offlineDropped, 1);
    browser.clock.advance(browser.clock.nextDelay);
    network.last.welcome({ resumed: true });
    assert.deepEqual(network.last.sent.slice(1).map((f) => f.msg ?? f.group), ['s', '2', '3']);
  });

  test('publishes sent but not answered are sent again after the reconnect, before newer ones', async () => {
    const { c, ws } = await connected({ uid: 'alice' });
    const unanswered = track(c.publish('a', 'unanswered'));
    ws.drop(1006);
    c.publish('a', 'newer');
    browser.clock.advance(browser.clock.nextDelay);
    const next = network.last;
    next.welcome({ resumed: true });
    assert.deepEqual(next.frames('pub').map((f) => f.msg), ['unanswered', 'newer']);
    next.ok(next.frames('pub')[0], { delivered: 1 });
    await flush();
    assert.equal(unanswered.value, 1);
  });

  test('after a too-large close the unanswered publish fails instead of being repeated', async () => {
    const { c, ws } = await connected({ uid: 'alice' });
    const big = track(c.publish('a', 'x'.repeat(100)));
    ws.drop(4413);
    await flush();
    assert.equal(big.error.code, 'too-large');
    browser.clock.advance(browser.clock.nextDelay);
    network.last.welcome({ resumed: true });
    assert.deepEqual(network.last.frames('pub'), []);
  });
});

describe('final closes', () => {
  for (const [code, name] of [[1008, 'kicked'], [4403, 'forbidden'], [4409, 'replaced']]) {
    test(`after ${code} (${name}) nothing reconnects, waiting requests fail, and later ones fail at once`, async () => {
      const { c, ws } = await connected({ uid: 'alice' });
      const seen = events(c);
      const unanswered = track(c.publish('a', 'sent'));
      ws.drop(code);
      await flush();

      assert.deepEqual(seen.disconnect, [{ code, reason: `${name} (${code})`, final: true }]);
      assert.equal(unanswered.state, 'rejected');
      assert.equal(browser.clock.pending, 0, 'no retry');

      const publishing = track(c.publish('a', 'later'));
      const subscribing = track(c.subscribe('b', () => {}));
      const unsubscribing = track(c.unsubscribe('b'));
      await flush();
      for (const request of [publishing, subscribing, unsubscribing]) {
        assert.equal(request.state, 'rejected');
        assert.ok(request.error instanceof WatchboxError);
        assert.equal(request.error.code, 'disconnected');
        assert.match(request.error.message, new RegExp(`ended for good \\(${name} \\(${code}\\)\\)`));
      }
      assert.equal(network.sockets.length, 1);
    });
  }

  test('without autoReconnect a drop is final: waiting requests fail, and later ones fail at once', async () => {
    const { c, ws } = await connected({ uid: 'alice', autoReconnect: false });
    const seen = events(c);
    const unanswered = track(c.publish('a', 'sent'));
    ws.drop(1006);
    const later = track(c.publish('a', 'later'));
    await flush();
    assert.equal(seen.disconnect[0].final, true);
    assert.equal(unanswered.error.code, 'disconnected');
    assert.equal(later.error.code, 'disconnected');
    assert.equal(network.sockets.length, 1);
  });

  test('connect() after a final close starts again', async () => {
    const { c, ws } = await connected({ uid: 'alice' });
    ws.drop(4409);
    const connecting = c.connect();
    network.last.welcome({ resumed: true });
    await connecting;
    const publishing = track(c.publish('a', 'again'));
    network.last.ok(network.last.lastFrame('pub'), { delivered: 1 });
    await flush();
    assert.equal(publishing.value, 1);
  });
});

describe('close', () => {
  test('close says bye, fails what waits, and the client never comes back', async () => {
    const { c, ws } = await connected();
    const unanswered = track(c.publish('a', 'x'));
    c.close();
    assert.deepEqual(ws.sent.at(-1), { type: 'bye' });
    assert.deepEqual(ws.closedBy, [{ code: 1000, reason: 'bye' }]);
    const later = track(c.publish('a', 'y'));
    const connecting = track(c.connect());
    await flush();
    for (const request of [unanswered, later, connecting]) assert.equal(request.error.code, 'closed');
    ws.drop(1000);
    assert.equal(browser.clock.pending, 0);
    assert.equal(network.sockets.length, 1);
  });

  test('close while waiting to reconnect cancels the retry', async () => {
    const { c, ws } = await connected();
    ws.drop(1006);
    c.close();
    assert.equal(browser.clock.pending, 0);
    browser.clock.advance(60_000);
    assert.equal(network.sockets.length, 1);
  });

  test('a reconnect listener that closes the client stops the resubscribe and the keepalive', async () => {
    const { c, ws } = await connected({ uid: 'alice' }, { timeout: 30 });
    c.subscribe('a', () => {});
    ws.ok(ws.lastFrame('sub'));
    c.on('reconnect', () => c.close());
    const next = dropAndRetry(ws);

    next.welcome({ resumed: false, timeout: 30 });

    assert.deepEqual(next.sent.map((f) => f.type), ['hello', 'bye']);
    assert.equal(browser.clock.pending, 0, 'no keepalive timer after the close');
    assert.deepEqual(browser.reported, []);
  });

  test('a reconnect listener that closes a resumed client sends nothing more', async () => {
    const { c, ws } = await connected({ uid: 'alice' });
    c.on('reconnect', () => c.close());
    ws.drop(1006);
    const waiting = track(c.publish('a', 'offline'));
    browser.clock.advance(browser.clock.nextDelay);
    network.last.welcome({ resumed: true, timeout: 30 });
    await flush();
    assert.deepEqual(network.last.sent.map((f) => f.type), ['hello', 'bye']);
    assert.equal(waiting.error.code, 'closed');
    assert.equal(browser.clock.pending, 0);
  });

  test('a disconnect listener that closes the client stops the reconnect', async () => {
    const { c, ws } = await connected();
    c.on('disconnect', () => c.close());
    ws.drop(1006);
    assert.equal(browser.clock.pending, 0);
    browser.clock.advance(60_000);
    assert.equal(network.sockets.length, 1);
  });
});

describe('page life cycle', () => {
  test('a page that goes away says bye and the client is closed', async () => {
    const { c, ws } = await connected();
    browser.page.hide(false);
    assert.deepEqual(ws.sent.at(-1), { type: 'bye' });
    const later = track(c.publish('a', 'x'));
    await flush();
    assert.equal(later.error.code, 'closed');
    assert.equal(browser.page.listeners('pagehide'), 0);
    assert.equal(browser.page.listeners('pageshow'), 0);
  });

  test('a page put in the back/forward cache lets its socket go without bye, and resumes when shown again', async () => {
    const { c, ws } = await connected({ uid: 'alice' }, { resume: 'key-A' });
    const seen = events(c);
    const got = [];
    c.subscribe('a', (m) => got.push(m.text));
    ws.ok(ws.lastFrame('sub'));
    ws.receive({ type: 'msg', seq: 3, group: 'a', msg: 'before', from: null });

    browser.page.hide(true);
    assert.equal(ws.frames('bye').length, 0, 'the session stays on the server for its timeout');
    assert.equal(ws.closedBy.length, 1);
    assert.equal(c.connected, false);
    const publishing = track(c.publish('a', 'while hidden'));
    await flush();
    assert.equal(publishing.state, 'pending', 'it waits offline');
    browser.clock.advance(60_000);
    assert.equal(network.sockets.length, 1, 'no reconnect while the page is hidden');

    browser.page.show(true);
    const next = network.last;
    assert.notEqual(next, ws);
    next.welcome({ resumed: true });
    assert.deepEqual(next.sent[0], { type: 'hello', uid: 'alice', since: 3, resume: 'key-A', batch: true });
    next.ok(next.lastFrame('pub'), { delivered: 1 });
    next.receive({ type: 'msg', seq: 4, group: 'a', msg: 'after', from: 'alice' });
    await flush();

    assert.equal(publishing.value, 1);
    assert.deepEqual(got, ['before', 'after']);
    assert.deepEqual(seen.disconnect, [{ code: 0, reason: 'page hidden', final: false }]);
    assert.deepEqual(seen.reconnect, [{ resumed: true }]);
  });

  test('a page hidden while waiting to reconnect tries again only when shown', async () => {
    const { c, ws } = await connected({ uid: 'alice' });
    ws.drop(1006);
    browser.page.hide(true);
    assert.equal(browser.clock.pending, 0);
    browser.page.show(true);
    network.last.welcome({ resumed: true });
    assert.equal(c.connected, true);
    assert.equal(network.sockets.length, 2);
  });

  test('a page shown for the first time does not connect a client nobody connected', () => {
    client();
    browser.page.show(true);
    browser.page.show(false);
    assert.equal(network.sockets.length, 0);
  });

  test('closeOnPageHide false leaves the page events alone', async () => {
    await connected({ closeOnPageHide: false });
    assert.equal(browser.page.listeners('pagehide'), 0);
  });
});

describe('keepalive', () => {
  test('a ping goes out after a third of the timeout with nothing sent', async () => {
    const { ws } = await connected({}, { timeout: 30 });
    browser.clock.advance(9_999);
    assert.equal(ws.frames('ping').length, 0);
    browser.clock.advance(1);
    assert.equal(ws.frames('ping').length, 1);
  });

  test('sending anything puts the ping off', async () => {
    const { c, ws } = await connected({}, { timeout: 30 });
    browser.clock.advance(6_000);
    c.publish('a', 'x');
    ws.ok(ws.lastFrame('pub'));
    browser.clock.advance(6_000);
    assert.equal(ws.frames('ping').length, 0);
    browser.clock.advance(4_000);
    assert.equal(ws.frames('ping').length, 1);
  });

  test('a connection that answers its pings stays up', async () => {
    const { c, ws } = await connected({}, { timeout: 30 });
    for (let i = 0; i < 10; i++) {
      browser.clock.advance(10_000);
      ws.receive({ type: 'pong' });
    }
    assert.equal(ws.frames('ping').length, 10);
    assert.equal(c.connected, true);
    assert.equal(network.sockets.length, 1);
  });

  test('a server silent for two thirds of the timeout is given up and reconnected', async () => {
    const { c, ws } = await connected({ uid: 'alice' }, { timeout: 30 });
    const seen = events(c);
    browser.clock.advance(19_999);
    assert.equal(c.connected, true);
    browser.clock.advance(1);
    assert.equal(c.connected, false);
    assert.equal(ws.closedBy.length, 1);
    assert.deepEqual(seen.disconnect, [{ code: 0, reason: 'keepalive', final: false }]);
    browser.clock.advance(browser.clock.nextDelay);
    assert.equal(network.sockets.length, 2);
  });

  test('a timeout of 0 sends no pings', async () => {
    const { ws } = await connected({}, { timeout: 0 });
    assert.equal(browser.clock.pending, 0);
    browser.clock.advance(600_000);
    assert.equal(ws.frames('ping').length, 0);
  });
});

test('connect(options) resolves to a connected client', async () => {
  const connecting = connect(URL, { WebSocket: network.WebSocket, uid: 'bob' });
  network.last.welcome();
  const c = await connecting;
  assert.equal(c.uid, 'bob');
  c.close();
});
