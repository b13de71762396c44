package io.watchbox.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class FrameCodecTest {
    private final FrameCodec codec = new FrameCodec();

    @Test
    void encodesThePubOfBytesWithItsEncoding() {
        assertEquals("{\"type\":\"pub\",\"id\":\"8\",\"group\":\"raw\",\"msg\":\"3q2+7w==\",\"encoding\":\"base64\"}",
                codec.encode(new ClientFrame.Publish("8", "raw", "3q2+7w==", "base64")));
    }

    @Test
    void encodesRequestsWithStringIds() {
        assertEquals("{\"type\":\"pub\",\"id\":\"7\",\"group\":\"a/b\",\"msg\":\"hi \\\"there\\\"\"}",
                codec.encode(new ClientFrame.Publish("7", "a/b", "hi \"there\"")));
        assertEquals("{\"type\":\"sub\",\"id\":\"1\",\"group\":\"a/#\"}",
                codec.encode(new ClientFrame.Subscribe("1", "a/#")));
        assertEquals("{\"type\":\"unsub\",\"id\":\"2\",\"group\":\"a\"}",
                codec.encode(new ClientFrame.Unsubscribe("2", "a")));
        assertEquals("{\"type\":\"ping\"}", codec.encode(new ClientFrame.Ping()));
        assertEquals("{\"type\":\"bye\"}", codec.encode(new ClientFrame.Bye()));
    }

    @Test
    void helloCarriesUidSinceAndResumeKeyOnlyWhenKnown() {
        assertEquals("{\"type\":\"hello\"}", codec.encode(new ClientFrame.Hello(null, null, null, null, false)));
        assertEquals("{\"type\":\"hello\",\"uid\":\"u1\",\"since\":42,\"resume\":\"k\",\"token\":\"t\",\"batch\":true}",
                codec.encode(new ClientFrame.Hello("u1", 42L, "k", "t", true)));
    }

    @Test
    void decodesTheEncodingOfAMessageOfBytes() {
        assertEquals(new ServerFrame.Msg(5, "raw", "3q2+7w==", "plc", "base64"), codec.decode(
                "{\"type\":\"msg\",\"seq\":5,\"group\":\"raw\",\"msg\":\"3q2+7w==\",\"encoding\":\"base64\",\"from\":\"plc\"}"));
    }

    @Test
    void decodesEveryServerFrame() {
        assertEquals(new ServerFrame.Welcome("u1", true, 10, 50, "k"), codec.decode(
                "{\"type\":\"welcome\",\"uid\":\"u1\",\"resumed\":true,\"timeout\":10,\"listlimit\":50,\"resume\":\"k\"}"));
        assertEquals(new ServerFrame.Msg(3, "g", "text", "u2"),
                codec.decode("{\"type\":\"msg\",\"seq\":3,\"group\":\"g\",\"msg\":\"text\",\"from\":\"u2\"}"));
        assertEquals(new ServerFrame.Msg(4, "g", "text", null),
                codec.decode("{\"type\":\"msg\",\"seq\":4,\"group\":\"g\",\"msg\":\"text\",\"from\":null}"));
        assertEquals(new ServerFrame.Ok("5", 2), codec.decode("{\"type\":\"ok\",\"id\":\"5\",\"delivered\":2}"));
        assertEquals(new ServerFrame.Ok("6", null), codec.decode("{\"type\":\"ok\",\"id\":\"6\"}"));
        assertEquals(new ServerFrame.Error("7", "bad-group", "why"),
                codec.decode("{\"type\":\"error\",\"id\":\"7\",\"code\":\"bad-group\",\"reason\":\"why\"}"));
        assertEquals(new ServerFrame.Pong(), codec.decode("{\"type\":\"pong\"}"));
        assertEquals(new ServerFrame.Unknown("news"), codec.decode("{\"type\":\"news\"}"));
    }

    @Test
    void readsWhetherAPublishWasRelayedAndOnlyABooleanSaysSo() {
        assertEquals(new ServerFrame.Ok("1", 2, false),
                codec.decode("{\"type\":\"ok\",\"id\":\"1\",\"delivered\":2,\"relayed\":false}"));
        assertEquals(new ServerFrame.Ok("2", 2, true),
                codec.decode("{\"type\":\"ok\",\"id\":\"2\",\"delivered\":2,\"relayed\":true}"));
        assertEquals(new ServerFrame.Ok("3", 2, null), codec.decode("{\"type\":\"ok\",\"id\":\"3\",\"delivered\":2}"));
        assertEquals(new ServerFrame.Ok("4", 2, null),
                codec.decode("{\"type\":\"ok\",\"id\":\"4\",\"delivered\":2,\"relayed\":\"no\"}"));
    }

    @Test
    void toleratesExtraFieldsAndNumericIds() {
        assertEquals(new ServerFrame.Ok("9", null), codec.decode("{\"type\":\"ok\",\"id\":9,\"extra\":[1,2]}"));
        assertEquals(new ServerFrame.Error(null, "bad-frame", "x"),
                codec.decode("{\"type\":\"error\",\"code\":\"bad-frame\",\"reason\":\"x\"}"));
    }

    @Test
    void rejectsWhatIsNotAFrame() {
        assertThrows(MalformedFrameException.class, () -> codec.decode("not json"));
        assertThrows(MalformedFrameException.class, () -> codec.decode("[1,2]"));
        assertThrows(MalformedFrameException.class, () -> codec.decode("{\"no\":\"type\"}"));
        assertThrows(MalformedFrameException.class, () -> codec.decode("{\"type\":\"msg\",\"seq\":\"one\"}"));
    }
}
