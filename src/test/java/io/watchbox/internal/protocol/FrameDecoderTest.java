package io.watchbox.internal.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FrameDecoderTest {

    private final FrameDecoder decoder = new FrameDecoder();

    @Test
    void helloWithNothingElse() {
        assertEquals(new ClientFrame.Hello(null, null, null, null, null, false), decode("{'type':'hello'}"));
    }

    @Test
    void helloWithIdUidAndSince() {
        assertEquals(new ClientFrame.Hello(RequestId.of("1"), "abc-XYZ_09", 42L, null, null, false),
                decode("{'type':'hello','id':'1','uid':'abc-XYZ_09','since':42}"));
        assertEquals(new ClientFrame.Hello(null, "u", 0L, null, null, false), decode("{'type':'hello','uid':'u','since':0}"));
        assertEquals(new ClientFrame.Hello(null, "u", Long.MAX_VALUE, null, null, false),
                decode("{'type':'hello','uid':'u','since':" + Long.MAX_VALUE + "}"));
    }

    @Test
    void helloCarriesTheResumeKey() {
        assertEquals(new ClientFrame.Hello(null, "u", 3L, "k3y", null, false), decode("{'type':'hello','uid':'u','since':3,'resume':'k3y'}"));
        assertMalformed(ErrorCode.BAD_FRAME, null, decode("{'type':'hello','uid':'u','resume':7}"));
        assertMalformed(ErrorCode.BAD_FRAME, null, decode("{'type':'hello','uid':'u','resume':'" + "k".repeat(65) + "'}"));
    }

    @Test
    void helloMayAskForBatchedFramesWithABoolean() {
        assertEquals(new ClientFrame.Hello(null, null, null, null, null, true), decode("{'type':'hello','batch':true}"));
        assertEquals(new ClientFrame.Hello(null, null, null, null, null, false), decode("{'type':'hello','batch':false}"));
        assertMalformed(ErrorCode.BAD_FRAME, null, decode("{'type':'hello','batch':'yes'}"));
    }

    @Test
    void nullUidAndSinceMeanAbsent() {
        assertEquals(new ClientFrame.Hello(null, null, null, null, null, false), decode("{'type':'hello','uid':null,'since':null}"));
    }

    @Test
    void aMessageWithALoneSurrogateIsABadFrameButAPairIsFine() {
        ClientFrame lone = decode("{'type':'pub','id':'p','group':'g','msg':'a\\ud800b'}");
        assertEquals(ClientFrame.Malformed.class, lone.getClass());
        assertEquals(ErrorCode.BAD_FRAME, ((ClientFrame.Malformed) lone).code());
        assertEquals(RequestId.of("p"), lone.id());
        assertEquals(new ClientFrame.Publish(null, "g", Payload.ofText("\ud83d\ude00")), decode("{'type':'pub','group':'g','msg':'\\ud83d\\ude00'}"));
    }

    @Test
    void aPubMaySendBytesAsBase64() {
        assertEquals(new ClientFrame.Publish(RequestId.of("p"), "raw", Payload.ofBytes(new byte[] {(byte) 0xDE, (byte) 0xAD, 0, (byte) 0xFF})),
                decode("{'type':'pub','id':'p','group':'raw','msg':'3q0A/w==','encoding':'base64'}"));
        assertEquals(new ClientFrame.Publish(null, "raw", Payload.ofText("hi")),
                decode("{'type':'pub','group':'raw','msg':'aGk','encoding':'base64'}"));
        assertEquals(new ClientFrame.Publish(null, "raw", Payload.ofText("aGk=")),
                decode("{'type':'pub','group':'raw','msg':'aGk=','encoding':null}"));
    }

    @Test
    void aPubWhoseBase64IsNotBase64IsABadFrameThatSaysSo() {
        ClientFrame frame = decode("{'type':'pub','id':'p','group':'raw','msg':'not base64!','encoding':'base64'}");

        assertMalformed(ErrorCode.BAD_FRAME, "p", frame);
        assertTrue(((ClientFrame.Malformed) frame).reason().contains("not base64"), ((ClientFrame.Malformed) frame)::reason);
    }

    @Test
    void aPubWithAnEncodingOtherThanBase64IsABadFrame() {
        ClientFrame frame = decode("{'type':'pub','id':'p','group':'raw','msg':'aGk=','encoding':'hex'}");

        assertMalformed(ErrorCode.BAD_FRAME, "p", frame);
        assertTrue(((ClientFrame.Malformed) frame).reason().contains("'encoding'"), ((ClientFrame.Malformed) frame)::reason);
        assertMalformed(ErrorCode.BAD_FRAME, null, decode("{'type':'pub','group':'raw','msg':'aGk=','encoding':64}"));
    }

    @Test
    void everyRequestType() {
        assertEquals(new ClientFrame.Subscribe(RequestId.of("s"), "a/+"), decode("{'type':'sub','id':'s','group':'a/+'}"));
        assertEquals(new ClientFrame.Unsubscribe(null, "a/#"), decode("{'type':'unsub','group':'a/#'}"));
        assertEquals(new ClientFrame.Publish(RequestId.of("p"), "a/b", Payload.ofText("hi \"there\" ✓")),
                decode("{'type':'pub','id':'p','group':'a/b','msg':'hi \\\\'there\\\\' ✓'}".replace("\\\\'", "\\\"")));
        assertEquals(new ClientFrame.Publish(null, "a", Payload.ofText("")), decode("{'type':'pub','group':'a','msg':''}"));
        assertEquals(new ClientFrame.Ping(RequestId.of("7")), decode("{'type':'ping','id':'7'}"));
        assertEquals(new ClientFrame.Bye(null), decode("{'type':'bye'}"));
    }

    @Test
    void anIdIsAStringOfAtMost128CharactersOrAnInteger() {
        assertEquals(new ClientFrame.Ping(RequestId.of(42)), decode("{'type':'ping','id':42}"));
        assertEquals(new ClientFrame.Ping(RequestId.of(-7)), decode("{'type':'ping','id':-7}"));
        assertEquals(new ClientFrame.Ping(RequestId.of("x".repeat(128))), decode("{'type':'ping','id':'" + "x".repeat(128) + "'}"));
        assertMalformed(ErrorCode.BAD_FRAME, null, decode("{'type':'ping','id':'" + "x".repeat(129) + "'}"));
        assertMalformed(ErrorCode.BAD_FRAME, null, decode("{'type':'ping','id':1.5}"));
        assertMalformed(ErrorCode.BAD_FRAME, null, decode("{'type':'ping','id':true}"));
        assertMalformed(ErrorCode.BAD_FRAME, null, decode("{'type':'ping','id':['a']}"));
    }

    @Test
    void anUnknownTypeIsQuotedOnlyInPart() {
        ClientFrame.Malformed unknown = (ClientFrame.Malformed) decode("{'type':'" + "t".repeat(60_000) + "','id':1}");

        assertEquals(ErrorCode.UNKNOWN_TYPE, unknown.code());
        assertTrue(unknown.reason().length() < 100, unknown::reason);
    }

    @Test
    void unknownExtraFieldsAreIgnored() {
        assertEquals(new ClientFrame.Ping(RequestId.of("7")),
                decode("{'type':'ping','id':'7','extra':{'nested':[1,2,{'x':null}]},'z':null,'n':1.5}"));
        assertEquals(new ClientFrame.Publish(null, "a", Payload.ofText("m")),
                decode("{'msg':'m','retained':true,'group':'a','qos':2,'type':'pub'}"));
    }

    @Test
    void aPubIsRetainedOnlyWhenItSaysRetainTrue() {
        assertEquals(new ClientFrame.Publish(null, "a", Payload.ofText("m"), true), decode("{'type':'pub','group':'a','msg':'m','retain':true}"));
        assertEquals(new ClientFrame.Publish(null, "a", Payload.ofText("m"), false), decode("{'type':'pub','group':'a','msg':'m','retain':false}"));
        assertEquals(new ClientFrame.Publish(null, "a", Payload.ofText("m"), false), decode("{'type':'pub','group':'a','msg':'m','retain':null}"));
        assertEquals(new ClientFrame.Publish(null, "a", Payload.ofText("m"), false), decode("{'type':'pub','group':'a','msg':'m'}"));
    }

    @Test
    void aRetainThatIsNotABooleanIsABadFrameWithTheId() {
        for (String retain : List.of("'true'", "1", "{}", "[true]")) {
            ClientFrame frame = decode("{'type':'pub','id':'r','group':'a','msg':'m','retain':" + retain + "}");
            assertMalformed(ErrorCode.BAD_FRAME, "r", frame);
            assertTrue(((ClientFrame.Malformed) frame).reason().contains("'retain' must be a boolean"));
        }
    }

    @Test
    void whitespaceAroundTheObjectIsFine() {
        assertEquals(new ClientFrame.Ping(null), decode(" \n\t{ 'type' : 'ping' }\r\n "));
    }

    @Test
    void uidOf64CharactersIsTheLongestAccepted() {
        String uid = "a".repeat(64);
        assertEquals(new ClientFrame.Hello(null, uid, null, null, null, false), decode("{'type':'hello','uid':'" + uid + "'}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not json", "{", "{'type':", "{'type':'ping'", "{type:'ping'}", "{'type':'ping',}",
            "\u0000", "{'type':'ping'} {'type':'ping'}", "{'type':'ping'} trailing"})
    void textThatIsNotJsonIsABadFrame(String text) {
        assertMalformed(ErrorCode.BAD_FRAME, null, decoder.decode(text.replace('\'', '"')));
    }

    @Test
    void singleQuotedJsonIsNotJson() {
        assertMalformed(ErrorCode.BAD_FRAME, null, decoder.decode("{'type':'ping'}"));
    }

    @Test
    void deeplyNestedInputIsABadFrameNotACrash() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        assertMalformed(ErrorCode.BAD_FRAME, null, decoder.decode(deep));
        String deepField = "{\"type\":\"ping\",\"x\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
        assertMalformed(ErrorCode.BAD_FRAME, null, decoder.decode(deepField));
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "[{'type':'ping'}]", "42", "'ping'", "null", "true"})
    void aTopLevelValueOtherThanAnObjectIsABadFrame(String text) {
        ClientFrame frame = decode(text);
        assertMalformed(ErrorCode.BAD_FRAME, null, frame);
        assertTrue(((ClientFrame.Malformed) frame).reason().contains("object"));
    }

    @Test
    void missingOrWrongTypedTypeIsABadFrame() {
        assertMalformed(ErrorCode.BAD_FRAME, null, decode("{}"));
        assertMalformed(ErrorCode.BAD_FRAME, "1", decode("{'id':'1'}"));
        assertMalformed(ErrorCode.BAD_FRAME, "1", decode("{'id':'1','type':null}"));
        assertMalformed(ErrorCode.BAD_FRAME, "1", decode("{'id':'1','type':5}"));
        assertMalformed(ErrorCode.BAD_FRAME, "1", decode("{'id':'1','type':['ping']}"));
        assertMalformed(ErrorCode.BAD_FRAME, "1", decode("{'id':'1','type':{'name':'ping'}}"));
        assertMalformed(ErrorCode.BAD_FRAME, "1", decode("{'id':'1','type':true}"));
    }

    @Test
    void missingOrWrongTypedGroupIsABadFrameThatKeepsTheId() {
        assertMalformed(ErrorCode.BAD_FRAME, "s", decode("{'type':'sub','id':'s'}"));
        assertMalformed(ErrorCode.BAD_FRAME, "s", decode("{'type':'sub','id':'s','group':null}"));
        assertMalformed(ErrorCode.BAD_FRAME, "s", decode("{'type':'sub','id':'s','group':5}"));
        assertMalformed(ErrorCode.BAD_FRAME, "u", decode("{'type':'unsub','id':'u','group':['a']}"));
        assertMalformed(ErrorCode.BAD_FRAME, "p", decode("{'type':'pub','id':'p','group':7,'msg':'m'}"));
    }

    @Test
    void missingOrWrongTypedMsgIsABadFrame() {
        assertMalformed(ErrorCode.BAD_FRAME, "p", decode("{'type':'pub','id':'p','group':'a'}"));
        assertMalformed(ErrorCode.BAD_FRAME, "p", decode("{'type':'pub','id':'p','group':'a','msg':null}"));
        assertMalformed(ErrorCode.BAD_FRAME, "p", decode("{'type':'pub','id':'p','group':'a','msg':42}"));
        assertMalformed(ErrorCode.BAD_FRAME, "p", decode("{'type':'pub','id':'p','group':'a','msg':{'text':'x'}}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"'5'", "1.5", "0.5", "-1", "true", "[1]", "{}", "9223372036854775808", "1e400"})
    void sinceMustBeANonNegativeInteger(String since) {
        assertMalformed(ErrorCode.BAD_FRAME, "h", decode("{'type':'hello','id':'h','uid':'u','since':" + since + "}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"''", "'has space'", "'dot.ted'", "'ümlaut'", "'slash/es'", "5", "true", "['u']"})
    void aBadUidIsABadFrame(String uid) {
        assertMalformed(ErrorCode.BAD_FRAME, "h", decode("{'type':'hello','id':'h','uid':" + uid + "}"));
    }

    @Test
    void aUidLongerThan64CharactersIsABadFrame() {
        assertMalformed(ErrorCode.BAD_FRAME, "h", decode("{'type':'hello','id':'h','uid':'" + "a".repeat(65) + "'}"));
    }

    @Test
    void anUnknownTypeKeepsItsId() {
        ClientFrame frame = decode("{'type':'subscribe','id':'42','group':'a'}");
        assertMalformed(ErrorCode.UNKNOWN_TYPE, "42", frame);
        assertTrue(((ClientFrame.Malformed) frame).reason().contains("subscribe"));
        assertMalformed(ErrorCode.UNKNOWN_TYPE, null, decode("{'type':'HELLO'}"));
        assertMalformed(ErrorCode.UNKNOWN_TYPE, null, decode("{'type':''}"));
    }

    @Test
    void anIdThatIsNeitherAStringNorAnIntegerIsABadFrameWithoutId() {
        assertMalformed(ErrorCode.BAD_FRAME, null, decode("{'type':'ping','id':{'n':5}}"));
    }

    @Test
    void aNullIdIsNoId() {
        assertEquals(new ClientFrame.Ping(null), decode("{'type':'ping','id':null}"));
    }

    private ClientFrame decode(String singleQuoted) {
        return decoder.decode(singleQuoted.replace('\'', '"'));
    }

    private static void assertMalformed(ErrorCode code, String id, ClientFrame frame) {
        ClientFrame.Malformed malformed = assertInstanceOf(ClientFrame.Malformed.class, frame);
        assertEquals(code, malformed.code(), malformed::toString);
        assertEquals(id == null ? null : RequestId.of(id), malformed.id(), malformed::toString);
        assertTrue(malformed.reason() != null && !malformed.reason().isBlank());
        if (id == null) {
            assertNull(malformed.id());
        }
    }
}
