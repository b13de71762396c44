package io.watchbox.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * A loopback TCP proxy in front of the test server that can cut every connection abruptly
 * (RST, no close handshake) or freeze them (bytes stop flowing, sockets stay open).
 */
final class TcpProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final int targetPort;
    private final List<Link> links = new CopyOnWriteArrayList<>();
    private volatile boolean refusing;

    TcpProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Resets every open connection; new ones are accepted as before. */
    void cutAll() {
        for (Link link : links) {
            link.cut();
        }
        links.clear();
    }

    /** From now on, resets every new connection at once, as if the server were unreachable. */
    void refuse() {
        refusing = true;
    }

    /** Accepts and forwards new connections again. */
    void allow() {
        refusing = false;
    }

    /** Stops forwarding on every open connection without closing it. */
    void freezeAll() {
        for (Link link : links) {
            link.frozen = true;
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        cutAll();
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
                // listener closed, or the server is down (a restart test): the client retries
            }
        }
    }

    private static final class Link {
        private final Socket client;
        private final Socket server;
        private final CountDownLatch released = new CountDownLatch(1);
        volatile boolean frozen;

        Link(Socket client, Socket server) {
            this.client = client;
            this.server = server;
        }

        void start() {
            pump(client, server, "proxy-up");
            pump(server, client, "proxy-down");
        }

        void cut() {
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

        private void pump(Socket from, Socket to, String name) {
            Thread thread = new Thread(() -> {
                byte[] buffer = new byte[16384];
                try {
                    InputStream in = from.getInputStream();
                    OutputStream out = to.getOutputStream();
                    int n;
                    while ((n = in.read(buffer)) >= 0) {
                        if (frozen) {
                            // Hang: drop these bytes and stop reading, sockets left open, until cut.
                            released.await();
                            return;
                        }
                        out.write(buffer, 0, n);
                        out.flush();
                    }
                } catch (IOException e) {
                    // the other side is gone
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
