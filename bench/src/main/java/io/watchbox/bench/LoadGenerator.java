package io.watchbox.bench;

import java.lang.management.ManagementFactory;

/**
 * Runs one workload against one system and appends one result line ({@code key=value ...}) to the
 * results file. bench/run and bench/cluster start and stop the servers and call this once per workload
 * and system.
 *
 * <p>Usage: {@code LoadGenerator WORKLOAD --system watchbox|watchbox-payara|mosquitto --url URL --out FILE [options]}
 * <pre>
 *   fanout     --n SUBSCRIBERS --seconds S --pid SERVER_PID [--redis HOST:PORT [--mirror on|off]]
 *              (bench/cluster: --url URL1,URL2,... and --pid PID1,PID2,..., one per replica)
 *   many       --groups G --per-group SUBSCRIBERS --seconds S --pid SERVER_PID
 *   openloop   --n SUBSCRIBERS --rate PUBLISHES_PER_S --seconds S --pid SERVER_PID
 *   idle       --n CLIENTS --pid SERVER_PID [--hold S]
 *   listlimit  --n SESSIONS --messages M --listlimit L --pid SERVER_PID   (Watchbox only)
 *   storm      --n CLIENTS [--pid SERVER_PID]
 *   mqtt       --shape fanout|many|openloop --qos 0|1|2 (then the options of that shape; see MqttWorkload)
 * </pre>
 * bench/run adds {@code --repeat R --load1 L --cores C --other-cpu-before S --busy-share B} to every
 * run: the machine's load before it, which {@link RunConditions} adds to the result line.
 */
public final class LoadGenerator {

    private LoadGenerator() {
    }

    public static void main(String[] argv) throws Exception {
        Arguments args = Arguments.parse(argv);
        ResultFile results = new ResultFile(args.out(), RunConditions.from(args));
        Workload workload = switch (argv[0]) {
            case "fanout" -> new FanOutWorkload();
            case "many" -> new ManyToManyWorkload();
            case "openloop" -> new OpenLoopWorkload();
            case "idle" -> new IdleWorkload();
            case "listlimit" -> new ListLimitWorkload();
            case "storm" -> new StormWorkload();
            case "mqtt" -> new MqttWorkload();
            default -> throw new IllegalArgumentException("unknown workload " + argv[0]);
        };
        Laps laps = Laps.start();
        // Everything before main (starting the JVM, loading the generator's classes) counts as its start.
        laps.add("JVM start", ManagementFactory.getRuntimeMXBean().getUptime());
        workload.run(args, results);
        laps.lap("workload");
        System.out.println("timing " + argv[0] + " " + args.text("system", "") + ": " + laps);
        System.exit(0);
    }
}
