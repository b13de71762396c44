package io.watchbox.internal.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class MessagePropertiesTest {

    @Test
    void aMessageWithoutAnyPropertySharesTheOneEmptyValue() {
        assertSame(MessageProperties.EMPTY, MessageProperties.builder().build());
        assertSame(MessageProperties.EMPTY, new EncodedMessage("{}").properties());
        assertSame(MessageProperties.EMPTY,
                new FrameEncoder().message("g", Payload.ofText("m"), null).properties());
        assertFalse(MessageProperties.EMPTY.expires());
        assertFalse(MessageProperties.EMPTY.expired(Long.MAX_VALUE - 1));
    }

    @Test
    void userPropertiesKeepTheirOrderAndRepeatedNames() {
        MessageProperties properties = MessageProperties.builder().user("b", "1").user("a", "2").user("b", "3").build();

        assertEquals(List.of(new MessageProperties.User("b", "1"), new MessageProperties.User("a", "2"),
                new MessageProperties.User("b", "3")), properties.users());
        assertFalse(properties.isEmpty());
    }

    @Test
    void theCorrelationDataCannotBeChangedFromOutside() {
        byte[] data = {1, 2, 3};
        MessageProperties properties = MessageProperties.builder().correlationData(data).build();
        data[0] = 9;
        properties.correlationData()[1] = 9;

        assertArrayEquals(new byte[] {1, 2, 3}, properties.correlationData());
    }

    @Test
    void theSecondsLeftAreRoundedUpUntilTheMessageExpires() {
        MessageProperties properties = MessageProperties.builder().expiresAt(10_000).build();

        assertEquals(10, properties.secondsLeft(0));
        assertEquals(1, properties.secondsLeft(9_001));
        assertEquals(0, properties.secondsLeft(10_000));
        assertFalse(properties.expired(10_000), "its last millisecond still counts");
        assertTrue(properties.expired(10_001));
    }

    @Test
    void onlyTheThreePayloadFormatsExist() {
        assertThrows(IllegalArgumentException.class, () -> MessageProperties.builder().payloadFormat(2));
        assertEquals(0, MessageProperties.builder().payloadFormat(0).build().payloadFormat());
    }

    @Test
    void twoValuesWithTheSamePropertiesAreEqual() {
        MessageProperties one = MessageProperties.builder().user("k", "v").correlationData(new byte[] {1}).build();
        MessageProperties same = MessageProperties.builder().user("k", "v").correlationData(new byte[] {1}).build();
        MessageProperties other = MessageProperties.builder().user("k", "v").correlationData(new byte[] {2}).build();

        assertEquals(one, same);
        assertEquals(one.hashCode(), same.hashCode());
        assertNotEquals(one, other);
    }
}
