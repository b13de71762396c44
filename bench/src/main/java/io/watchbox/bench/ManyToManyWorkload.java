package io.watchbox.bench;

import java.util.Map;
import java.util.Optional;

/** Many-to-many: {@code --groups} publishers, one group each, {@code --per-group} subscribers per group, closed loop. */
final class ManyToManyWorkload implements Workload {

    @Override
    public void run(Arguments args, ResultFile results) throws Exception {
        int groups = args.integer("groups", 100);
        int perGroup = args.integer("per-group", 10);
        int seconds = args.integer("seconds", 5);
        Map<String, Object> r = new PubSubLoad("many", groups, perGroup, seconds, 0)
                .run(args.system(), args.pids(), Optional.empty());
        r.put("n", groups * perGroup);
        results.append(r);
    }
}
