package io.watchbox.internal.core;

import io.watchbox.internal.session.SendMeter;
import java.util.concurrent.atomic.LongAdder;

/** The broker's running totals; LongAdder because every publish on every thread bumps them. */
final class Counters {
    final LongAdder published = new LongAdder();
    final LongAdder delivered = new LongAdder();
    final LongAdder dropped = new LongAdder();
    /** Cluster mode: messages of a share whose claim this replica won after its last member of the share left. */
    final LongAdder sharedLost = new LongAdder();
    /** Frames written by every outbox, and the publish-to-write latency of their messages. */
    final SendMeter sends = new SendMeter(System::nanoTime);
}
