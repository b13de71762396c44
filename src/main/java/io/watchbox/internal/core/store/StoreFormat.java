package io.watchbox.internal.core.store;

import io.watchbox.internal.core.relay.CallBody;
import io.watchbox.internal.core.relay.MoveCodec;
import io.watchbox.internal.protocol.Payload;
import io.watchbox.internal.retained.RetainedMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * The bytes of a store file: a magic number, the format's version ({@value #VERSION}), the body's
 * length, the body and its CRC-32. The body holds the time it was taken, the sessions (each one as
 * the answer of a session move, {@link MoveCodec}, so the store follows that format's own versions)
 * and the retained messages. A file without the magic number, of a newer version, or whose body
 * does not match its checksum is refused whole: half a store would resume sessions wrongly.
 */
public final class StoreFormat {

    /** "WBST": a Watchbox store. */
    static final int MAGIC = 0x57425354;
    static final int VERSION = 1;
    private static final int HEADER = 4 + 4 + 4;
    private static final byte TEXT = 0;
    private static final byte BYTES = 1;

    private StoreFormat() {
    }

    public static byte[] encode(StoredState state) {
        byte[] body = body(state);
        CRC32 crc = new CRC32();
        crc.update(body);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(body.length + HEADER + 8);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeInt(body.length);
            out.write(body);
            out.writeLong(crc.getValue());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static StoredState decode(byte[] file) throws RefusedStoreException {
        if (file.length < HEADER + 8) {
            throw new RefusedStoreException("too short to be a Watchbox store (" + file.length + " bytes)");
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(file))) {
            if (in.readInt() != MAGIC) {
                throw new RefusedStoreException("not a Watchbox store (no magic number)");
            }
            int version = in.readInt();
            if (version > VERSION) {
                throw new RefusedStoreException("written by a newer Watchbox (store version " + version
                        + "; this one reads up to " + VERSION + ")");
            }
            if (version < 1) {
                throw new RefusedStoreException("bad store version " + version);
            }
            int length = in.readInt();
            if (length < 0 || length != file.length - HEADER - 8) {
                throw new RefusedStoreException("truncated or overlong: the header says " + length + " bytes of body");
            }
            byte[] body = in.readNBytes(length);
            CRC32 crc = new CRC32();
            crc.update(body);
            if (in.readLong() != crc.getValue()) {
                throw new RefusedStoreException("corrupt: its checksum does not match");
            }
            return readBody(body);
        } catch (IOException | RuntimeException e) {
            throw new RefusedStoreException("corrupt: " + e.getMessage(), e);
        }
    }

    private static byte[] body(StoredState state) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeLong(state.savedAt());
            out.writeInt(state.sessions().size());
            for (StoredSession session : state.sessions()) {
                out.writeLong(session.awaySince());
                byte[] snapshot = MoveCodec.encode(new MoveCodec.Given(MoveCodec.Outcome.GIVEN, session.snapshot(), Map.of()));
                out.writeInt(snapshot.length);
                out.write(snapshot);
            }
            out.writeInt(state.retained().size());
            for (RetainedMessage message : state.retained()) {
                CallBody.string(out, message.group());
                CallBody.string(out, message.from());
                out.writeLong(message.retainedAt());
                // Kept as text or bytes, as published, so that JSON subscribers see the same kind.
                boolean text = message.payload().isText();
                out.writeByte(text ? TEXT : BYTES);
                byte[] payload = message.payload().toByteArray();
                out.writeInt(payload.length);
                out.write(payload);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static StoredState readBody(byte[] body) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(body));
        long savedAt = in.readLong();
        List<StoredSession> sessions = new ArrayList<>();
        for (int i = count(in); i > 0; i--) {
            long awaySince = in.readLong();
            byte[] snapshot = in.readNBytes(length(in));
            MoveCodec.Given given = MoveCodec.decodeGiven(snapshot);
            if (given.outcome() != MoveCodec.Outcome.GIVEN) {
                throw new IOException("a session entry without a session");
            }
            sessions.add(new StoredSession(given.snapshot(), awaySince));
        }
        List<RetainedMessage> retained = new ArrayList<>();
        for (int i = count(in); i > 0; i--) {
            String group = CallBody.string(in);
            String from = CallBody.string(in);
            long retainedAt = in.readLong();
            byte kind = in.readByte();
            if (kind != TEXT && kind != BYTES) {
                throw new IOException("bad payload kind " + kind);
            }
            byte[] payload = in.readNBytes(length(in));
            retained.add(new RetainedMessage(group, kind == TEXT
                    ? Payload.ofText(new String(payload, StandardCharsets.UTF_8)) : Payload.adopt(payload), from, retainedAt));
        }
        if (in.available() != 0) {
            throw new IOException(in.available() + " bytes after the end");
        }
        return new StoredState(savedAt, sessions, retained);
    }

    private static int length(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > in.available()) {
            throw new IOException("bad length " + length);
        }
        return length;
    }

    private static int count(DataInputStream in) throws IOException {
        int count = in.readInt();
        if (count < 0 || count > in.available()) {
            throw new IOException("bad count " + count);
        }
        return count;
    }
}
