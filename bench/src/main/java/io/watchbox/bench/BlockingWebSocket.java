package io.watchbox.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The leanest WebSocket client the generator can have: a blocking socket with TCP_NODELAY, one
 * reader thread, and each frame written with one {@code write} call. It is what Paho does for
 * MQTT over WebSocket, so both systems' subscribers cost the generator alike (the JDK's
 * java.net.http client hands every frame between threads, which cost more CPU than the brokers).
 */
final class BlockingWebSocket implements AutoCloseable {

    /** Receives whole messages on the reader thread: the opcode (1 text, 2 binary) and payload. */
    interface Handler {
        void onMessage(int opcode, byte[] payload) throws IOException;

        default void onClosed(Throwable failure) {
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    private BlockingWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 16 * 1024));
        this.out = socket.getOutputStream();
    }

    /** Connects and completes the opening handshake; {@code subprotocol} may be null. */
    static BlockingWebSocket connect(URI uri, String subprotocol, int timeoutMillis) throws IOException {
        Socket socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), timeoutMillis);
        socket.setSoTimeout(timeoutMillis);
        BlockingWebSocket ws = new BlockingWebSocket(socket);
        try {
            ws.handshake(uri, subprotocol);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        socket.setSoTimeout(0);
        return ws;
    }

    private void handshake(URI uri, String subprotocol) throws IOException {
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String request = "GET " + path + " HTTP/1.1\r\n"
                + "Host: " + uri.getHost() + ":" + uri.getPort() + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n"
                + (subprotocol != null ? "Sec-WebSocket-Protocol: " + subprotocol + "\r\n" : "")
                + "\r\n";
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        String status = readLine();
        if (!status.startsWith("HTTP/1.1 101")) {
            throw new IOException("handshake refused: " + status);
        }
        while (!readLine().isEmpty()) {
            // headers: nothing in them matters to the generator
        }
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c; (c = in.read()) != '\n';) {
            if (c < 0) {
                throw new EOFException("connection closed during the handshake");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    /** Starts the reader thread; messages and the end of the connection go to the handler. */
    void startReading(String name, Handler handler) {
        Thread reader = new Thread(() -> read(handler), name);
        reader.setDaemon(true);
        reader.start();
    }

    private void read(Handler handler) {
        ByteArrayOutputStream fragments = new ByteArrayOutputStream();
        int messageOpcode = 0;
        try {
            for (;;) {
                int b0 = in.readUnsignedByte();
                int b1 = in.readUnsignedByte();
                long length = b1 & 0x7F;
                if (length == 126) {
                    length = in.readUnsignedShort();
                } else if (length == 127) {
                    length = in.readLong();
                }
                byte[] payload = new byte[(int) length]; // servers do not mask
                in.readFully(payload);
                int opcode = b0 & 0x0F;
                boolean fin = (b0 & 0x80) != 0;
                switch (opcode) {
                    case 0x8 -> {
                        handler.onClosed(null);
                        return;
                    }
                    case 0x9 -> send(0xA, payload);
                    case 0xA -> {
                    }
                    default -> {
                        if (opcode != 0) {
                            messageOpcode = opcode;
                        }
                        if (fin && fragments.size() == 0) {
                            handler.onMessage(messageOpcode, payload);
                        } else {
                            fragments.write(payload);
                            if (fin) {
                                handler.onMessage(messageOpcode, fragments.toByteArray());
                                fragments.reset();
                            }
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            handler.onClosed(e);
        }
    }

    void sendText(String text) throws IOException {
        send(0x1, text.getBytes(StandardCharsets.UTF_8));
    }

    void sendBinary(byte[] data) throws IOException {
        send(0x2, data);
    }

    /** One masked, final frame, written in one call. */
    private void send(int opcode, byte[] payload) throws IOException {
        int n = payload.length;
        int header = n < 126 ? 2 : n < 65536 ? 4 : 10;
        byte[] frame = new byte[header + 4 + n];
        frame[0] = (byte) (0x80 | opcode);
        if (n < 126) {
            frame[1] = (byte) (0x80 | n);
        } else if (n < 65536) {
            frame[1] = (byte) (0x80 | 126);
            frame[2] = (byte) (n >>> 8);
            frame[3] = (byte) n;
        } else {
            frame[1] = (byte) (0x80 | 127);
            for (int i = 0; i < 8; i++) {
                frame[2 + i] = (byte) ((long) n >>> (56 - 8 * i));
            }
        }
        int mask = ThreadLocalRandom.current().nextInt();
        for (int i = 0; i < 4; i++) {
            frame[header + i] = (byte) (mask >>> (24 - 8 * i));
        }
        for (int i = 0; i < n; i++) {
            frame[header + 4 + i] = (byte) (payload[i] ^ frame[header + (i & 3)]);
        }
        synchronized (out) {
            out.write(frame);
        }
    }

    /** Drops the connection without a closing handshake. */
    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
