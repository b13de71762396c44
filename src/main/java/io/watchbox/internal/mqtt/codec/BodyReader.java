package io.watchbox.internal.mqtt.codec;

import static io.watchbox.internal.mqtt.codec.MalformedPacket.malformed;
import static io.watchbox.internal.mqtt.codec.MalformedPacket.protocolError;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;

/**
 * Reads the data types of section 1.5 from one packet's body, each read bounded by the body's end:
 * a length that points past it is a Malformed Packet, never an allocation or an exception.
 */
final class BodyReader {

    /** Made on the first string that is not ASCII; most topics and client ids are. */
    private CharsetDecoder utf8;
    private byte[] body;
    private int position;
    private int end;

    BodyReader(byte[] body) {
        reset(body);
    }

    /** Reads {@code body} from its start: one reader serves a connection's packets, one after the other. */
    BodyReader reset(byte[] body) {
        this.body = body;
        this.position = 0;
        this.end = body.length;
        return this;
    }

    int remaining() {
        return end - position;
    }

    int position() {
        return position;
    }

    private void need(int bytes, String what) throws MalformedPacket {
        if (end - position < bytes) {
            throw malformed(what + " runs past the end of the packet");
        }
    }

    int u8(String what) throws MalformedPacket {
        need(1, what);
        return body[position++] & 0xFF;
    }

    int u16(String what) throws MalformedPacket {
        need(2, what);
        int value = (body[position] & 0xFF) << 8 | body[position + 1] & 0xFF;
        position += 2;
        return value;
    }

    long u32(String what) throws MalformedPacket {
        need(4, what);
        long value = 0;
        for (int i = 0; i < 4; i++) {
            value = value << 8 | body[position++] & 0xFF;
        }
        return value;
    }

    /** A variable byte integer: at most 4 bytes, in the fewest bytes that hold it (MQTT-1.5.5-1). */
    int varint(String what) throws MalformedPacket {
        int value = 0;
        for (int i = 0; i < 4; i++) {
            int b = u8(what);
            value |= (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                if (i > 0 && b == 0) {
                    throw malformed(what + " is not in its shortest form");
                }
                return value;
            }
        }
        throw malformed(what + " is longer than 4 bytes");
    }

    /** A packet identifier, which is never 0 (MQTT-2.2.1-3). */
    int packetId() throws MalformedPacket {
        int id = u16("packet identifier");
        if (id == 0) {
            throw malformed("packet identifier 0");
        }
        return id;
    }

    /** A UTF-8 string: well-formed, no surrogates, no U+0000 (MQTT-1.5.4-1, MQTT-1.5.4-2). */
    String string(String what) throws MalformedPacket {
        int length = u16(what + "'s length");
        need(length, what);
        int start = position;
        position += length;
        boolean ascii = true;
        for (int i = start; i < start + length; i++) {
            byte b = body[i];
            if (b == 0) {
                throw malformed(what + " holds U+0000");
            }
            ascii &= b > 0;
        }
        if (ascii) {
            return new String(body, start, length, StandardCharsets.ISO_8859_1);
        }
        if (utf8 == null) {
            utf8 = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
        }
        try {
            CharBuffer chars = utf8.reset().decode(ByteBuffer.wrap(body, start, length));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw malformed(what + " is not well-formed UTF-8");
        }
    }

    /** Binary data with its two-byte length: a slice of the body, not a copy. */
    Bytes binary(String what) throws MalformedPacket {
        int length = u16(what + "'s length");
        need(length, what);
        Bytes bytes = Bytes.slice(body, position, length);
        position += length;
        return bytes;
    }

    /** The rest of the body (a PUBLISH payload): a slice, not a copy. */
    Bytes rest() {
        Bytes bytes = Bytes.slice(body, position, end - position);
        position = end;
        return bytes;
    }

    void expectEnd(String packet) throws MalformedPacket {
        if (position != end) {
            throw malformed(packet + " has " + (end - position) + " bytes too many");
        }
    }

    /**
     * A property length and the properties it spans. Each property must be allowed in {@code place}
     * (else Malformed Packet, section 2.2.2.2) and given once (else Protocol Error), except user
     * properties and, where {@code subscriptionIdsRepeat}, subscription identifiers.
     */
    Properties properties(Property.Place place, boolean subscriptionIdsRepeat) throws MalformedPacket {
        int length = varint("property length");
        need(length, "the properties");
        int outerEnd = end;
        end = position + length;
        try {
            if (length == 0) {
                return Properties.EMPTY;
            }
            Properties.Builder properties = Properties.builder();
            Set<Property> seen = EnumSet.noneOf(Property.class);
            while (position < end) {
                int id = varint("property identifier");
                Property property = Property.of(id);
                if (property == null) {
                    throw malformed(String.format("unknown property identifier 0x%02x", id));
                }
                if (!property.allowedIn(place)) {
                    throw malformed(property + " is not a " + place + " property");
                }
                boolean repeatable = property == Property.USER_PROPERTY
                        || property == Property.SUBSCRIPTION_IDENTIFIER && subscriptionIdsRepeat;
                if (!seen.add(property) && !repeatable) {
                    throw protocolError(property + " given twice in " + place);
                }
                read(property, properties);
            }
            return properties.build();
        } finally {
            end = outerEnd;
        }
    }

    private void read(Property property, Properties.Builder properties) throws MalformedPacket {
        String what = property.toString();
        switch (property.type()) {
            case UTF8_STRING:
                properties.string(property, string(what));
                return;
            case UTF8_STRING_PAIR:
                properties.userProperty(string("user property name"), string("user property value"));
                return;
            case BINARY_DATA:
                properties.binary(property, binary(what));
                return;
            default:
                break;
        }
        long value;
        switch (property.type()) {
            case BYTE: value = u8(what); break;
            case TWO_BYTE_INTEGER: value = u16(what); break;
            case FOUR_BYTE_INTEGER: value = u32(what); break;
            default: value = varint(what); break;
        }
        if (!property.accepts(value)) {
            throw protocolError(property + " cannot be " + value);
        }
        if (property == Property.SUBSCRIPTION_IDENTIFIER) {
            properties.subscriptionIdentifier((int) value);
        } else {
            properties.number(property, value);
        }
    }
}
