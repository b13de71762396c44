package io.watchbox.internal.values;

import io.watchbox.StatsSample;
import java.time.Instant;

/** {@link StatsSample} as the broker makes it and {@code GET /stats/history} writes it; the fields are documented there. */
public record StatsSampleRecord(Instant time, double publishedPerSecond, double deliveredPerSecond,
                                double droppedPerSecond, double framesPerSecond, long sessions, long connected,
                                long queuedBytes, long eventBacklog) implements StatsSample {
}
