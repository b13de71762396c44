package io.watchbox.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What Redis spent over a measured window (the cluster bench, MirrorCost): CPU time
 * ({@code used_cpu_user + used_cpu_sys} of {@code INFO cpu}), bytes read and written over all its
 * connections ({@code total_net_input_bytes}, {@code total_net_output_bytes} of {@code INFO stats})
 * and the calls of each command ({@code INFO commandstats}), read on a connection of its own with a
 * minimal RESP exchange.
 */
final class RedisCounters implements AutoCloseable {

    /** {@code INFO cpu stats commandstats}: the three sections in one command (Redis 7). */
    private static final byte[] INFO = "*4\r\n$4\r\nINFO\r\n$3\r\ncpu\r\n$5\r\nstats\r\n$12\r\ncommandstats\r\n"
            .getBytes(StandardCharsets.US_ASCII);

    /**
     * Redis's counters at one moment, and the size of the reply that carried them; {@code calls} by
     * command name, each reading's own {@code info} included.
     */
    record Reading(long cpuMicros, long inBytes, long outBytes, long replyBytes, Map<String, Long> calls) {

        /**
         * What Redis spent from {@code before} to this reading, less this reader's own traffic: Redis
         * counts a request when it reads it (so this reading's request is in it) and a reply when it
         * writes it (so the earlier reading's reply is in it).
         */
        Usage since(Reading before) {
            return new Usage(cpuMicros - before.cpuMicros, inBytes - before.inBytes - INFO.length,
                    outBytes - before.outBytes - before.replyBytes);
        }
    }

    record Usage(long cpuMicros, long inBytes, long outBytes) {
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RedisCounters(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** Connects to {@code host:port}. */
    static RedisCounters connect(String hostPort) throws IOException {
        int colon = hostPort.lastIndexOf(':');
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(hostPort.substring(0, colon),
                Integer.parseInt(hostPort.substring(colon + 1))), 10_000);
        socket.setSoTimeout(10_000);
        return new RedisCounters(socket);
    }

    Reading read() throws IOException {
        out.write(INFO);
        out.flush();
        String header = line();
        if (!header.startsWith("$")) {
            throw new IOException("INFO answered " + header);
        }
        int length = Integer.parseInt(header.substring(1));
        byte[] body = in.readNBytes(length + 2); // and its CRLF
        if (body.length < length + 2) {
            throw new IOException("INFO reply cut short");
        }
        Map<String, String> fields = new HashMap<>();
        Map<String, Long> calls = new TreeMap<>();
        for (String field : new String(body, 0, length, StandardCharsets.US_ASCII).split("\r\n")) {
            int colon = field.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String key = field.substring(0, colon);
            String value = field.substring(colon + 1);
            if (key.startsWith("cmdstat_")) {
                int count = value.indexOf("calls=") + "calls=".length();
                calls.put(key.substring("cmdstat_".length()), Long.parseLong(value.substring(count, value.indexOf(',', count))));
            } else {
                fields.put(key, value);
            }
        }
        long cpuMicros = seconds(fields, "used_cpu_user").add(seconds(fields, "used_cpu_sys"))
                .movePointRight(6).longValue();
        return new Reading(cpuMicros, number(fields, "total_net_input_bytes"), number(fields, "total_net_output_bytes"),
                header.length() + 2L + body.length, calls);
    }

    private static BigDecimal seconds(Map<String, String> fields, String key) throws IOException {
        return new BigDecimal(field(fields, key));
    }

    private static long number(Map<String, String> fields, String key) throws IOException {
        return Long.parseLong(field(fields, key));
    }

    private static String field(Map<String, String> fields, String key) throws IOException {
        String value = fields.get(key);
        if (value == null) {
            throw new IOException("INFO cpu stats without " + key);
        }
        return value;
    }

    /** One CRLF-terminated line, without the CRLF. */
    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("Redis closed the connection");
            }
            line.write(b);
        }
        String s = line.toString(StandardCharsets.US_ASCII);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
