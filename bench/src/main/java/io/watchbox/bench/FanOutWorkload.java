package io.watchbox.bench;

import java.util.Map;

/** Fan-out: one publisher, {@code --n} subscribers of its group, closed loop for {@code --seconds}. */
final class FanOutWorkload implements Workload {

    @Override
    public void run(Arguments args, ResultFile results) throws Exception {
        int subscribers = args.integer("n", 100);
        int seconds = args.integer("seconds", 5);
        Map<String, Object> r = new PubSubLoad("fanout", 1, subscribers, seconds, 0).run(args.system(), args.pid());
        r.put("n", subscribers);
        results.append(r);
    }
}
