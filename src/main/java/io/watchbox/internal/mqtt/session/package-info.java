/**
 * The MQTT state of a session that outlives its connections: granted QoS, messages in flight both
 * ways, packet identifiers. Free of transport and broker types; the session holds it.
 */
package io.watchbox.internal.mqtt.session;
