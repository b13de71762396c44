package io.watchbox.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback TCP proxy in front of the test server that misbehaves on demand: it resets
 * connections (RST, no close handshake), freezes them (bytes stop, sockets stay open), half-closes
 * them (FIN towards the client or the server), or refuses new connections; one connection at a
 * time for chaos runs, or all at once.
 */
final class TcpProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final int targetPort;
    private final List<Link> links = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "proxy-timers");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean refusing;
    final AtomicLong cuts = new AtomicLong();
    final AtomicLong freezes = new AtomicLong();
    final AtomicLong halfCloses = new AtomicLong();
    final AtomicLong refusals = new AtomicLong();

    TcpProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.listener = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    int openLinks() {
        return links.size();
    }

    /** Resets every open connection; new ones are accepted as before. */
    void cutAll() {
        for (Link link : links) {
            link.cut();
        }
    }

    /** Stops forwarding on every open connection without closing it. */
    void freezeAll() {
        for (Link link : links) {
            link.frozen = true;
        }
    }

    /** From now on, resets every new connection at once, as if the server were unreachable. */
    void refuse() {
        refusing = true;
    }

    /** Accepts and forwards new connections again. */
    void allow() {
        refusing = false;
    }

    /** Resets one open connection, if there is one. */
    void cutOne(Random random) {
        Link link = pick(random);
        if (link != null) {
            cuts.incrementAndGet();
            link.cut();
        }
    }

    /** Freezes one open connection, and resets it after {@code hold}. */
    void freezeOne(Random random, Duration hold) {
        Link link = pick(random);
        if (link != null) {
            freezes.incrementAndGet();
            link.frozen = true;
            timers.schedule(link::cut, hold.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Half-closes one open connection: FIN towards the client, or towards the server. */
    void halfCloseOne(Random random) {
        Link link = pick(random);
        if (link != null) {
            halfCloses.incrementAndGet();
            link.halfClose(random.nextBoolean());
        }
    }

    /** Resets every new connection for {@code time}, as if the server were unreachable. */
    void refuseFor(Duration time) {
        refusals.incrementAndGet();
        refusing = true;
        timers.schedule(() -> {
            refusing = false;
        }, time.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Ends the chaos: accepts again and resets every frozen connection so that its client reconnects. */
    void heal() {
        refusing = false;
        for (Link link : links) {
            if (link.frozen) {
                link.cut();
            }
        }
    }

    @Override
    public void close() throws IOException {
        timers.shutdownNow();
        listener.close();
        cutAll();
    }

    private Link pick(Random random) {
        List<Link> open = links.stream().filter(link -> !link.frozen).toList();
        return open.isEmpty() ? null : open.get(random.nextInt(open.size()));
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                if (refusing) {
                    client.setSoLinger(true, 0);
                    client.close();
                    continue;
                }
                Socket server = new Socket();
                server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 10_000);
                Link link = new Link(client, server);
                links.add(link);
                link.start();
            } catch (IOException e) {
                // listener closed, or the server is down: the client retries
            }
        }
    }

    private final class Link {
        private final Socket client;
        private final Socket server;
        private final CountDownLatch released = new CountDownLatch(1);
        volatile boolean frozen;

        Link(Socket client, Socket server) {
            this.client = client;
            this.server = server;
        }

        void start() {
            pump(client, server, "chaos-up");
            pump(server, client, "chaos-down");
        }

        void cut() {
            links.remove(this);
            released.countDown();
            for (Socket socket : new Socket[] {client, server}) {
                try {
                    socket.setSoLinger(true, 0);
                    socket.close();
                } catch (IOException ignored) {
                    // already gone
                }
            }
        }

        void halfClose(boolean towardsClient) {
            try {
                (towardsClient ? client : server).shutdownOutput();
            } catch (IOException e) {
                cut();
            }
        }

        private void pump(Socket from, Socket to, String name) {
            Thread thread = new Thread(() -> {
                byte[] buffer = new byte[16384];
                try {
                    InputStream in = from.getInputStream();
                    OutputStream out = to.getOutputStream();
                    int n;
                    while ((n = in.read(buffer)) >= 0) {
                        if (frozen) {
                            // Hang: drop these bytes and read no more, sockets left open, until cut.
                            released.await();
                            return;
                        }
                        out.write(buffer, 0, n);
                        out.flush();
                    }
                } catch (IOException e) {
                    // the other side is gone, or this end was half-closed
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                cut();
            }, name);
            thread.setDaemon(true);
            thread.start();
        }
    }
}
