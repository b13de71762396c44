package io.watchbox;

/**
 * Broker counters since start.
 *
 * @param sessions  sessions alive now, connected or waiting for a resume
 * @param connected sessions with an open socket now
 * @param published messages published (by clients, REST and {@link Watchbox#publish})
 * @param delivered messages queued for sessions (a publish to n subscribers counts n)
 * @param dropped   queued messages dropped unsent because a queue was full
 */
public record Stats(long sessions, long connected, long published, long delivered, long dropped) {
}
