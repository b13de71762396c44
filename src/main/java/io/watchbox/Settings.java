package io.watchbox;

import io.watchbox.internal.config.ValidSettings;

/**
 * The broker's settings in force, always within their ranges: the deployed values come from
 * MicroProfile Config keys under {@code watchbox.}, and {@link Watchbox} changes some at run time.
 * Immutable and safe to share between threads.
 *
 * <p>Watchbox makes the instances, and two are equal when every setting is. Later versions add
 * settings as new methods, so this interface is not for applications to implement (a test double
 * of one may need the new methods).
 */
public interface Settings {

    /** Key of {@link #logginglevel()}. */
    String LOGGINGLEVEL = "watchbox.logginglevel";
    /** Key of {@link #timeout()}. */
    String TIMEOUT = "watchbox.timeout";
    /** Key of {@link #listlimit()}. */
    String LISTLIMIT = "watchbox.listlimit";
    /** Key of {@link #maxmessage()}. */
    String MAXMESSAGE = "watchbox.maxmessage";
    /** Key of {@link #ratelimit()}. */
    String RATELIMIT = "watchbox.ratelimit";
    /** Key of {@link #maxclients()}. */
    String MAXCLIENTS = "watchbox.maxclients";
    /** Key of {@link #maxsubscriptions()}. */
    String MAXSUBSCRIPTIONS = "watchbox.maxsubscriptions";
    /** Key of {@link #maxqueuedbytes()}. */
    String MAXQUEUEDBYTES = "watchbox.maxqueuedbytes";
    /** Key of {@link #mqttmaxsessionexpiry()}. */
    String MQTT_MAXSESSIONEXPIRY = "watchbox.mqtt.maxsessionexpiry";
    /** Key of {@link #hellotimeout()}. */
    String HELLOTIMEOUT = "watchbox.hellotimeout";
    /** Key of {@link #mqtttopicaliasmax()}. */
    String MQTT_TOPICALIASMAX = "watchbox.mqtt.topicaliasmax";
    /** Key of {@link #mqttmaxkeepalive()}. */
    String MQTT_MAXKEEPALIVE = "watchbox.mqtt.maxkeepalive";
    /** Key of {@link #path()}. */
    String PATH = "watchbox.path";
    /** Key of {@link #retainedmaxcount()}. */
    String RETAINED_MAXCOUNT = "watchbox.retained.maxcount";
    /** Key of {@link #retainedmaxbytes()}. */
    String RETAINED_MAXBYTES = "watchbox.retained.maxbytes";

    /** The contract's defaults. */
    Settings DEFAULTS = ValidSettings.DEFAULTS;

    /** 3 all (client events, server events, errors), 2 server events and errors, 1 errors, 0 none. Default 3. */
    int logginglevel();

    /** Seconds before a silent connected client, or a dropped one that does not resume, is ended. Default 10. */
    int timeout();

    /** {@link #timeout()} in milliseconds. */
    long timeoutMillis();

    /** Messages kept per session. Default 50. */
    int listlimit();

    /** Largest frame or REST body, in bytes. Default 65536. */
    int maxmessage();

    /** Publishes per second one session may make (bursts of one second's worth); 0 is no limit. Default 0. */
    int ratelimit();

    /** Sessions alive at once, connected or waiting for a resume. Default 10000. */
    int maxclients();

    /** Subscriptions per session. Default 100. */
    int maxsubscriptions();

    /** Bytes of kept messages per session; the oldest go first past it. Default 1048576. */
    int maxqueuedbytes();

    /** Seconds a new socket has to say hello before it is closed with 4408. Default 5. */
    int hellotimeout();

    /** The Topic Alias Maximum a 5.0 MQTT client is given in CONNACK: the aliases it may set per connection; 0 none. Default 10. */
    int mqtttopicaliasmax();

    /**
     * The longest keep alive an MQTT client may use, in seconds: a 5.0 client that asks for none or
     * more is given this one in CONNACK (Server Keep Alive), a 3.1.1 client that asks for more is
     * refused. Default 1200.
     */
    int mqttmaxkeepalive();

    /**
     * The longest an MQTT session outlives its connection, in seconds: the cap on a 5.0 client's
     * Session Expiry Interval, and how long a 3.1.1 session without clean session is kept. 0: MQTT
     * sessions end with their connections.
     */
    int mqttmaxsessionexpiry();

    /** Where the module serves its WebSocket endpoint ({@code {ctx}{path}}) and REST API ({@code {ctx}{path}/api}). Default {@code /watchbox}. */
    String path();

    /** Groups that may have a retained message at once; a retained publish to one more is refused. Default 10000. */
    int retainedmaxcount();

    /** Bytes of retained messages (UTF-8 group and text) kept together; a retained publish past it is refused. Default 16777216. */
    int retainedmaxbytes();
}
