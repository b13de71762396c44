package io.watchbox;

import java.time.Instant;

/**
 * One second of the broker's recent history, as {@code GET /stats/history} shows it: the rates
 * over the second before {@link #time()}, and the levels at {@link #time()}.
 *
 * <p>Watchbox makes the instances, immutable, and two are equal when every field is. Later
 * versions add figures as new methods, so this interface is not for applications to implement
 * (a test double of one may need the new methods).
 */
public interface StatsSample {

    /** When the sample was taken. */
    Instant time();

    /** Messages published per second (see {@link Stats#published()}). */
    double publishedPerSecond();

    /** Messages queued for sessions per second (see {@link Stats#delivered()}). */
    double deliveredPerSecond();

    /** Queued messages dropped unsent per second (see {@link Stats#dropped()}). */
    double droppedPerSecond();

    /** WebSocket frames written per second (see {@link Stats#framesSent()}). */
    double framesPerSecond();

    /** Sessions alive at that time. */
    long sessions();

    /** Sessions with an open socket at that time. */
    long connected();

    /** What the sessions' kept messages weighed at that time (see {@link Stats#queuedBytes()}). */
    long queuedBytes();

    /** Events waiting for the application's observers at that time. */
    long eventBacklog();
}
