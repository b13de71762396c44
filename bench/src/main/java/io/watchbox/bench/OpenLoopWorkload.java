package io.watchbox.bench;

import java.util.Map;
import java.util.Optional;

/**
 * Open loop: one publisher to {@code --n} subscribers at a fixed offered rate ({@code --rate}
 * publishes per second), whatever the server does. Latency counts from when each message was due,
 * not from when it could be sent, so a server that falls behind shows it (no coordinated omission).
 */
final class OpenLoopWorkload implements Workload {

    @Override
    public void run(Arguments args, ResultFile results) throws Exception {
        int subscribers = args.integer("n", 100);
        int seconds = args.integer("seconds", 5);
        int rate = args.integer("rate", 100);
        Map<String, Object> r = new PubSubLoad("openloop", 1, subscribers, seconds, rate)
                .run(args.system(), args.pids(), Optional.empty());
        r.put("n", subscribers);
        r.put("offered_per_s", (long) rate * subscribers);
        results.append(r);
    }
}
