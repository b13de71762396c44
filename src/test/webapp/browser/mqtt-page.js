// What MqttJsIT calls (with Selenium's executeAsyncScript): named MQTT.js clients (the global
// `mqtt` of vendor/mqtt.min.js) on the MQTT endpoint beside this page, and everything they saw.
'use strict';

(() => {
  const log = document.getElementById('log');
  const clients = new Map();
  const text = new TextDecoder('utf-8', { fatal: true });

  function show(name, what) {
    log.textContent += `${new Date().toISOString().slice(11, 23)} ${name}: ${what}\n`;
  }

  function state(name) {
    const s = clients.get(name);
    if (!s) throw new Error(`no client ${name}`);
    return s;
  }

  /** The MQTT endpoint of the application that serves this page: {context}/watchbox/mqtt. */
  function endpoint() {
    const url = new URL('../watchbox/mqtt', location.href);
    url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
    return url.href;
  }

  window.mqttPage = {
    /**
     * Connects client `name` with MQTT.js's options (protocolVersion 4 or 5, clientId, ...), no
     * reconnect; resolves to {url, sessionPresent} or {error}.
     */
    async connect(name, options) {
      const s = { messages: [], events: [] };
      clients.set(name, s);
      s.client = mqtt.connect(endpoint(), { clean: true, keepalive: 2, reconnectPeriod: 0, ...options });
      let connack;
      try {
        connack = await new Promise((resolve, reject) => {
          s.client.once('connect', resolve);
          s.client.once('error', reject);
          s.client.once('close', () => reject(new Error('closed before CONNACK')));
        });
      } catch (e) {
        show(name, `connect failed: ${e.message}`);
        return { error: e.message };
      }
      s.client.on('message', (topic, payload, packet) => {
        s.messages.push({ topic, text: text.decode(payload), qos: packet.qos });
        show(name, `${topic} (QoS ${packet.qos}): ${text.decode(payload)}`);
      });
      for (const type of ['disconnect', 'close', 'error', 'offline']) {
        s.client.on(type, (detail) => {
          s.events.push({ type, reasonCode: detail?.reasonCode ?? null });
          show(name, type);
        });
      }
      show(name, `connected to ${endpoint()} (MQTT ${options.protocolVersion ?? 4})`);
      return { url: endpoint(), sessionPresent: connack.sessionPresent };
    },

    /** Subscribes; resolves to the granted QoS (128 when refused). */
    async subscribe(name, filter, qos) {
      const granted = await state(name).client.subscribeAsync(filter, { qos });
      show(name, `subscribed to ${filter}: ${JSON.stringify(granted)}`);
      return { qos: granted[0].qos };
    },

    /** Publishes text; at QoS 1 resolves once the PUBACK came. */
    async publish(name, topic, message, qos) {
      await state(name).client.publishAsync(topic, message, { qos });
      show(name, `published to ${topic} (QoS ${qos}): ${message}`);
      return { ok: true };
    },

    /** What client `name` received and the events it saw. */
    state(name) {
      const s = state(name);
      return { connected: s.client?.connected ?? false, messages: s.messages, events: s.events };
    },

    async end(name) {
      await state(name).client.endAsync();
      return { ok: true };
    },
  };
})();
