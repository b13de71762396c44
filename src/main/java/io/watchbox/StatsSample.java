package io.watchbox;

import java.time.Instant;

/**
 * One second of the broker's recent history, as {@code GET /stats/history} shows it: the rates
 * over the second before {@code time}, and the levels at {@code time}.
 *
 * @param time               when the sample was taken
 * @param publishedPerSecond messages published per second (see {@link Stats#published()})
 * @param deliveredPerSecond messages queued for sessions per second (see {@link Stats#delivered()})
 * @param droppedPerSecond   queued messages dropped unsent per second (see {@link Stats#dropped()})
 * @param framesPerSecond    WebSocket frames written per second (see {@link Stats#framesSent()})
 * @param sessions           sessions alive at that time
 * @param connected          sessions with an open socket at that time
 * @param queuedBytes        what the sessions' kept messages weighed at that time (see {@link Stats#queuedBytes()})
 * @param eventBacklog       events waiting for the application's observers at that time
 */
public record StatsSample(Instant time, double publishedPerSecond, double deliveredPerSecond, double droppedPerSecond,
                          double framesPerSecond, long sessions, long connected, long queuedBytes, long eventBacklog) {
}
