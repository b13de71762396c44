package io.watchbox.internal.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchbox.internal.FakeConnection;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

class FrameEncoderTest {

    private final FrameEncoder encoder = new FrameEncoder();

    @Test
    void welcomeCarriesUidResumedTimeoutAndListlimit() {
        JsonObject welcome = parse(encoder.welcome(RequestId.of("1"), "alice", true, 10, 50, "key", null, false));

        assertEquals("welcome", welcome.getString("type"));
        assertEquals("1", welcome.getString("id"));
        assertEquals("alice", welcome.getString("uid"));
        assertTrue(welcome.getBoolean("resumed"));
        assertEquals(10, welcome.getInt("timeout"));
        assertEquals(50, welcome.getInt("listlimit"));
        assertEquals("key", welcome.getString("resume"));
        assertTrue(welcome.isNull("user"));
    }

    @Test
    void loneSurrogatesAreEscapedSoTheFrameIsValidUtf8AndReadsBackAsSent() {
        String id = "a\ud800b\udc00";
        RequestId requestId = RequestId.of(id);
        String reason = "unknown type '\udfff'";

        String frame = encoder.error(requestId, ErrorCode.UNKNOWN_TYPE, reason);

        assertTrue(frame.chars().noneMatch(c -> Character.isSurrogate((char) c)), frame);
        assertTrue(frame.contains("\\ud800") && frame.contains("\\udc00") && frame.contains("\\udfff"), frame);
        assertEquals(id, parse(frame).getString("id"));
        assertEquals(reason, parse(frame).getString("reason"));
    }

    @Test
    void pairedSurrogatesAreLeftAsTheyAre() {
        String frame = encoder.ok(RequestId.of("smile \ud83d\ude00"));

        assertTrue(frame.contains("\ud83d\ude00"), frame);
        assertEquals("smile \ud83d\ude00", parse(frame).getString("id"));
    }

    @Test
    void anIntegerIdIsEchoedAsAnInteger() {
        JsonObject ok = parse(encoder.ok(RequestId.of(42)));

        assertEquals(42, ok.getInt("id"));
    }

    @Test
    void anAbsentIdIsLeftOut() {
        assertFalse(parse(encoder.welcome(null, "alice", false, 10, 50, "key", null, false)).containsKey("id"));
        assertFalse(parse(encoder.ok(null)).containsKey("id"));
        assertFalse(parse(encoder.okDelivered(null, 1)).containsKey("id"));
        assertFalse(parse(encoder.error(null, ErrorCode.BAD_FRAME, "x")).containsKey("id"));
        assertFalse(parse(encoder.pong(null)).containsKey("id"));
    }

    @Test
    void okEchoesTheIdAndOptionallyDelivered() {
        JsonObject ok = parse(encoder.ok(RequestId.of("s1")));
        assertEquals("ok", ok.getString("type"));
        assertEquals("s1", ok.getString("id"));
        assertFalse(ok.containsKey("delivered"));

        JsonObject published = parse(encoder.okDelivered(RequestId.of("p1"), 3));
        assertEquals("ok", published.getString("type"));
        assertEquals("p1", published.getString("id"));
        assertEquals(3, published.getInt("delivered"));
        assertFalse(published.containsKey("relayed"), "as on a single node");
    }

    @Test
    void aPubsOkSaysRelayedFalseOnlyWhenTheOtherReplicasDidNotGetIt() {
        assertFalse(parse(encoder.okDelivered(RequestId.of("p1"), 3, true)).containsKey("relayed"));
        JsonObject givenUp = parse(encoder.okDelivered(RequestId.of("p2"), 3, false));
        assertEquals(JsonValue.FALSE, givenUp.get("relayed"));
        assertEquals(3, givenUp.getInt("delivered"));
    }

    @Test
    void errorsUseTheWireSpellingOfTheirCode() {
        assertEquals("bad-frame", parse(encoder.error(RequestId.of("e"), ErrorCode.BAD_FRAME, "r")).getString("code"));
        assertEquals("unknown-type", parse(encoder.error(RequestId.of("e"), ErrorCode.UNKNOWN_TYPE, "r")).getString("code"));
        assertEquals("bad-group", parse(encoder.error(RequestId.of("e"), ErrorCode.BAD_GROUP, "r")).getString("code"));
        assertEquals("too-large", parse(encoder.error(RequestId.of("e"), ErrorCode.TOO_LARGE, "r")).getString("code"));
        assertEquals("forbidden", parse(encoder.error(RequestId.of("e"), ErrorCode.FORBIDDEN, "r")).getString("code"));
        assertEquals("rate-limited", parse(encoder.error(RequestId.of("e"), ErrorCode.RATE_LIMITED, "r")).getString("code"));

        JsonObject error = parse(encoder.error(RequestId.of("e"), ErrorCode.BAD_GROUP, "'+' is \"reserved\"\n"));
        assertEquals("error", error.getString("type"));
        assertEquals("e", error.getString("id"));
        assertEquals("'+' is \"reserved\"\n", error.getString("reason"));
    }

    @Test
    void pongEchoesTheId() {
        JsonObject pong = parse(encoder.pong(RequestId.of("7")));
        assertEquals("pong", pong.getString("type"));
        assertEquals("7", pong.getString("id"));
    }

    @Test
    void aMessageFrameHasSeqGroupMsgAndFrom() {
        JsonObject frame = parse(encoder.message("sensors/kitchen", Payload.ofText("21.5"), "alice").frame(3));

        assertEquals("msg", frame.getString("type"));
        assertEquals(3, frame.getJsonNumber("seq").longValueExact());
        assertEquals("sensors/kitchen", frame.getString("group"));
        assertEquals("21.5", frame.getString("msg"));
        assertEquals("alice", frame.getString("from"));
    }

    @Test
    void aMessageOfTextHasNoEncoding() {
        JsonObject frame = parse(encoder.message("g", Payload.ofBytes(new byte[] {'o', 'k'}), "u").frame(1));

        assertEquals("ok", frame.getString("msg"));
        assertFalse(frame.containsKey("encoding"));
    }

    @Test
    void bytesThatAreNotUtf8TravelAsBase64MarkedSo() {
        byte[] bytes = {(byte) 0xDE, (byte) 0xAD, (byte) 0xBE, (byte) 0xEF, 0, (byte) 0xFF};
        EncodedMessage message = encoder.message("raw/plc", Payload.ofBytes(bytes), "plc");
        JsonObject frame = parse(message.frame(4));

        assertEquals("3q2+7wD/", frame.getString("msg"));
        assertEquals("base64", frame.getString("encoding"));
        assertEquals("plc", frame.getString("from"));
        assertEquals(Payload.ofBytes(bytes), message.payload(), "an MQTT subscriber still gets the bytes");
        assertEquals(Payload.ofBytes(bytes), Payload.fromBase64(frame.getString("msg")), "nothing is lost");
    }

    @Test
    void aServerMessageIsFromNull() {
        JsonObject frame = parse(encoder.message("g", Payload.ofText("m"), null).frame(1));

        assertTrue(frame.containsKey("from"));
        assertEquals(JsonValue.NULL, frame.get("from"));
    }

    @Test
    void oneEncodingServesEverySeq() {
        EncodedMessage message = encoder.message("g", Payload.ofText("m"), "alice");

        for (long seq : new long[] {1, 2, 1_000_000, Long.MAX_VALUE}) {
            JsonObject frame = parse(message.frame(seq));
            assertEquals(seq, frame.getJsonNumber("seq").longValueExact());
            assertEquals("m", frame.getString("msg"));
        }
    }

    @Test
    void textIsEscapedSoThatAnyMessageSurvives() {
        String tricky = "quote \" backslash \\ newline \n tab \t nul \u0000 emoji 😀 brace } comma ,";
        JsonObject frame = parse(encoder.message("a/\"b\"", Payload.ofText(tricky), "u").frame(9));

        assertEquals(tricky, frame.getString("msg"));
        assertEquals("a/\"b\"", frame.getString("group"));
        assertEquals(9, frame.getInt("seq"));
    }

    private static JsonObject parse(String frame) {
        return FakeConnection.parse(frame);
    }
}
