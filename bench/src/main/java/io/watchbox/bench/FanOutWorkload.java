package io.watchbox.bench;

import java.util.Map;
import java.util.Optional;

/**
 * Fan-out: one publisher, {@code --n} subscribers of its group, closed loop for {@code --seconds}.
 * With several URLs (the replicas of a cluster, bench/cluster) the publisher is on the first and
 * the subscribers are spread evenly over all; with {@code --redis HOST:PORT}, what the Redis the
 * replicas relay through spent is reported per published message. The replicas are those of
 * {@code --pid}: given fewer URLs than processes, the subscribers are on the first replicas only
 * (groups that stay on the publisher's replica, which the others need not hear of). With
 * {@code --mirror on|off} (bench/cluster), whether the replicas mirror their sessions in Redis
 * ({@code watchbox.cluster.mirror}), which the generator cannot see, goes on the result line.
 */
final class FanOutWorkload implements Workload {

    @Override
    public void run(Arguments args, ResultFile results) throws Exception {
        int subscribers = args.integer("n", 100);
        int seconds = args.integer("seconds", 5);
        SystemUnderTest system = args.system();
        // No Redis, no counters: a null resource is allowed here and not closed.
        try (RedisCounters redis = args.redis().isPresent() ? RedisCounters.connect(args.redis().get()) : null) {
            Map<String, Object> r = new PubSubLoad("fanout", 1, subscribers, seconds, 0)
                    .run(system, args.pids(), Optional.ofNullable(redis));
            r.put("n", subscribers);
            r.put("replicas", args.pids().size());
            r.put("subscribed_replicas", system.uris().size());
            r.put("relay", redis != null ? "redis" : "none");
            if (redis != null) {
                r.put("mirror", args.text("mirror", "off"));
            }
            results.append(r);
        }
    }
}
