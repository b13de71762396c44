// The bundled example's page: a room (group "foo") that people join and talk in, through
// watchbox.js, which the Watchbox module serves beside its WebSocket endpoint.
import { connect } from './watchbox/watchbox.js';

const ROOM = 'foo';
const $ = (id) => document.getElementById(id);
const status = $('status');
const messages = $('messages');
const outbox = $('outbox');

function setStatus(kind, text) {
  status.className = `status ${kind}`;
  status.textContent = text;
}

function add(kind, text) {
  const item = document.createElement('li');
  item.className = kind;
  item.textContent = text;
  messages.append(item);
  item.scrollIntoView({ block: 'nearest' });
}

/** The name part of a uid made by join(): "ann-x7k2" is ann. */
function nameOf(uid) {
  return uid.replace(/-[a-z0-9]{4}$/, '');
}

async function join(name) {
  // A suffix of our own, so that a second tab with the same name is another session.
  const uid = `${name}-${Math.random().toString(36).slice(2, 6).padEnd(4, '0')}`;
  setStatus('connecting', 'connecting…');
  const client = await connect({ uid });
  setStatus('connected', `connected as ${nameOf(client.uid)}`);

  client.on('disconnect', ({ reason, final }) => {
    setStatus('disconnected', final ? 'disconnected' : 'reconnecting…');
    add('notice', final ? `disconnected for good: ${reason}` : `disconnected: ${reason}; reconnecting…`);
  });
  client.on('reconnect', ({ resumed }) => {
    setStatus('connected', `connected as ${nameOf(client.uid)}`);
    add('notice', resumed ? 'reconnected: the session was resumed, nothing missed'
      : 'reconnected: the server had restarted, subscribed to foo again');
  });
  client.on('skipped', ({ count }) => add('notice', `${count} message(s) missed while away`));
  client.on('error', ({ code, reason }) => add('notice', `server: ${code}: ${reason}`));

  await client.subscribe(ROOM, (m) => {
    if (m.from === null) {
      add('announcement', m.text);
    } else {
      add(m.from === client.uid ? 'mine' : 'theirs', `${nameOf(m.from)}: ${m.text}`);
    }
  });
  // The application's own route announces the join to everyone in the room.
  await fetch('example/join', { method: 'POST' });
  return client;
}

function send(client, text) {
  const waiting = document.createElement('li');
  waiting.textContent = `waiting to send: ${text}`;
  outbox.append(waiting);
  outbox.hidden = false;
  client.publish(ROOM, text).then(
    () => waiting.remove(),
    (e) => { waiting.textContent = `not sent (${e.message}): ${text}`; },
  ).finally(() => { outbox.hidden = outbox.children.length === 0; });
}

$('join-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  $('join').disabled = true;
  try {
    const client = await join($('name').value.trim());
    $('join-form').hidden = true;
    $('room').hidden = false;
    $('send-form').addEventListener('submit', (e) => {
      e.preventDefault();
      send(client, $('text').value);
      $('text').value = '';
    });
    $('text').focus();
  } catch (e) {
    setStatus('disconnected', `could not join: ${e.message}`);
    $('join').disabled = false;
  }
});
