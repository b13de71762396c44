package io.watchbox.bench;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * The MQTT rows: fan-out, many-to-many and open loop over MQTT 3.1.1 over WebSocket, with the same
 * lean client ({@link MqttDriver}) on both sides, whether {@code --url} is Watchbox's MQTT endpoint
 * ({@code ws://HOST:PORT/watchbox/mqtt}) or Mosquitto's WebSocket listener. Subscribers subscribe
 * and publishers publish at {@code --qos} (0, 1 or 2), so a message arrives at that QoS on both.
 * <pre>
 *   mqtt --shape fanout   --qos Q --n SUBSCRIBERS --seconds S --pid SERVER_PID
 *   mqtt --shape many     --qos Q --groups G --per-group SUBSCRIBERS --seconds S --pid SERVER_PID
 *   mqtt --shape openloop --qos Q --n SUBSCRIBERS --rate PUBLISHES_PER_S --seconds S --pid SERVER_PID
 * </pre>
 * The result line's workload is {@code mqtt-fanout}, {@code mqtt-many} or {@code mqtt-openloop},
 * with {@code qos}; {@code frames_per_s} counts the WebSocket messages the subscribers read (at QoS 2
 * the PUBRELs too), and {@code publisher_open_flows} the publishes still without their PUBACK or
 * PUBCOMP when the run ended (0 when the broker answered every one).
 */
final class MqttWorkload implements Workload {

    @Override
    public void run(Arguments args, ResultFile results) throws Exception {
        String shape = args.text("shape", "fanout");
        int qos = args.integer("qos", 0);
        int seconds = args.integer("seconds", 5);
        int n = args.integer("n", 100);
        int groups = args.integer("groups", 100);
        int perGroup = args.integer("per-group", 10);
        int rate = args.integer("rate", 100);
        PubSubLoad load = switch (shape) {
            case "fanout" -> new PubSubLoad("mqtt-fanout", 1, n, seconds, 0);
            case "many" -> new PubSubLoad("mqtt-many", groups, perGroup, seconds, 0);
            case "openloop" -> new PubSubLoad("mqtt-openloop", 1, n, seconds, rate);
            default -> throw new IllegalArgumentException("--shape must be fanout, many or openloop, not " + shape);
        };
        SystemUnderTest system = args.system();
        LongAdder subscriberFrames = new LongAdder();
        try (MqttDriver subscribers = new MqttDriver(system.uri(), system.name(), qos, subscriberFrames);
                MqttDriver publishers = new MqttDriver(system.uri(), system.name(), qos, new LongAdder())) {
            Map<String, Object> r = load.run(system.name(), subscribers, publishers, subscriberFrames::sum,
                    args.pids(), Optional.empty());
            r.put("qos", qos);
            r.put("n", shape.equals("many") ? groups * perGroup : n);
            if (shape.equals("many")) {
                r.put("groups", groups);
            }
            if (shape.equals("openloop")) {
                r.put("offered_per_s", (long) rate * n);
            }
            r.put("publisher_open_flows", publishers.openPublishes());
            results.append(r);
        }
    }
}
