package io.watchbox.internal.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchbox.WatchboxMessage;
import io.watchbox.internal.MutableClock;
import io.watchbox.internal.config.ValidSettings;
import io.watchbox.internal.mqtt.codec.Bytes;
import io.watchbox.internal.mqtt.codec.MqttVersion;
import io.watchbox.internal.mqtt.codec.Packet;
import io.watchbox.internal.mqtt.codec.Properties;
import io.watchbox.internal.mqtt.codec.Property;
import io.watchbox.internal.mqtt.codec.ReasonCode;
import io.watchbox.internal.protocol.Payload;
import jakarta.json.JsonObject;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Payloads are bytes: any bytes cross from MQTT to MQTT exactly, and reach JSON clients losslessly. */
class MqttPayloadTest {

    /** Not UTF-8: 0xC3 opens a sequence that 0x28 does not continue, and 0xFF is never UTF-8. */
    private static final byte[] NOT_UTF8 = {(byte) 0xC3, 0x28, 0x00, (byte) 0xFF, (byte) 0xFE};

    private final MutableClock clock = new MutableClock();
    private final RecordingEvents events = new RecordingEvents();
    private final Broker broker = new Broker(ValidSettings.DEFAULTS.withTimeout(600), clock, events);

    @ParameterizedTest
    @EnumSource(value = MqttVersion.class, names = {"V3_1_1", "V5"})
    void bytesThatAreNotUtf8GoFromMqttToMqttByteForByteAndToJsonAsBase64(MqttVersion version) {
        MqttClient subscriber = new MqttClient(broker, version).connect("sub").subscribe(1, "raw/#", 1);
        Client json = Client.subscribed(broker, "json", "raw/#");
        MqttClient publisher = new MqttClient(broker, version).connect("plc");

        publisher.publish("raw/plc", NOT_UTF8, 1, 7);

        assertEquals(ReasonCode.SUCCESS, publisher.last(Packet.Puback.class).reason());
        assertArrayEquals(NOT_UTF8, subscriber.last(Packet.Publish.class).payload().toByteArray());
        JsonObject msg = json.messages().get(0);
        assertEquals("base64", msg.getString("encoding"));
        assertArrayEquals(NOT_UTF8, Base64.getDecoder().decode(msg.getString("msg")));
        assertEquals("plc", msg.getString("from"));
    }

    @Test
    void aUtf8PayloadReachesJsonAsTextWithoutEncoding() {
        Client json = Client.subscribed(broker, "json", "room");

        new MqttClient(broker, MqttVersion.V3_1_1).connect("alice").publish("room", "héllo", 0, 0);

        assertEquals(List.of("héllo"), json.texts());
        assertFalse(json.messages().get(0).containsKey("encoding"));
    }

    @Test
    void theEventOfAnMqttPublishCarriesTheExactBytes() {
        new MqttClient(broker, MqttVersion.V5).connect("plc").publish("raw", NOT_UTF8, 1, 1);

        WatchboxMessage event = events.published().get(0);
        assertFalse(event.isText());
        assertArrayEquals(NOT_UTF8, event.bytes());
        assertEquals("plc", event.uid());
        assertEquals("raw", event.group());
    }

    @Test
    void aVersion5PayloadThatSaysUtf8ButIsNotGetsPayloadFormatInvalidAndTheSessionGoesOn() {
        Client json = Client.subscribed(broker, "json", "room");
        MqttClient client = new MqttClient(broker, MqttVersion.V5).connect("alice");

        client.send(new Packet.Publish("room", Bytes.copyOf(NOT_UTF8), 1, false, false, 4, saysUtf8()));

        assertEquals(ReasonCode.PAYLOAD_FORMAT_INVALID, client.last(Packet.Puback.class).reason());
        assertEquals(List.of(), json.messages());
        assertEquals(List.of(), client.closeCodes());
        client.send(new Packet.Publish("room", Bytes.copyOf("fine".getBytes()), 1, false, false, 5, saysUtf8()));
        assertEquals(ReasonCode.SUCCESS, client.last(Packet.Puback.class).reason());
        assertEquals(List.of("fine"), json.texts());
    }

    @Test
    void aJsonPubOfBase64ReachesMqttAsTheBytes() {
        MqttClient subscriber = new MqttClient(broker, MqttVersion.V5).connect("sub").subscribe(1, "raw", 0);
        Client json = Client.subscribed(broker, "json", "raw");
        String base64 = Base64.getEncoder().encodeToString(NOT_UTF8);

        json.send("{'type':'pub','id':'p','group':'raw','msg':'" + base64 + "','encoding':'base64'}");

        assertArrayEquals(NOT_UTF8, subscriber.last(Packet.Publish.class).payload().toByteArray());
        assertEquals(base64, json.messages().get(0).getString("msg"));
        assertEquals("base64", json.messages().get(0).getString("encoding"));
    }

    @Test
    void aJsonPubWhoseBase64IsBadGetsAnErrorAndPublishesNothing() {
        MqttClient subscriber = new MqttClient(broker, MqttVersion.V5).connect("sub").subscribe(1, "raw", 0);
        Client json = Client.subscribed(broker, "json", "raw");

        json.send("{'type':'pub','id':'p','group':'raw','msg':'*not base64*','encoding':'base64'}");

        JsonObject error = json.lastFrame();
        assertEquals("error", error.getString("type"));
        assertEquals("bad-frame", error.getString("code"));
        assertTrue(error.getString("reason").contains("not base64"), error::toString);
        assertEquals(List.of(), subscriber.received(Packet.Publish.class));
        assertEquals(List.of(), json.closeCodes(), "the session goes on");
    }

    @Test
    void aServerPublishOfBytesReachesMqttExactly() throws Exception {
        MqttClient subscriber = new MqttClient(broker, MqttVersion.V3_1_1).connect("sub").subscribe(1, "raw", 0);

        assertEquals(1, broker.publish("raw", Payload.ofBytes(NOT_UTF8)));

        assertArrayEquals(NOT_UTF8, subscriber.last(Packet.Publish.class).payload().toByteArray());
    }

    private static Properties saysUtf8() {
        return Properties.builder().number(Property.PAYLOAD_FORMAT_INDICATOR, 1).build();
    }
}
