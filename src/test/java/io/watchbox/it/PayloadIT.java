package io.watchbox.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchbox.it.MqttIT.V3;
import io.watchbox.it.MqttIT.V5;
import jakarta.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * Payloads are bytes: Eclipse Paho clients publish bytes that are not UTF-8, which other Paho
 * clients get byte for byte and JSON clients as base64 marked {@code "encoding": "base64"}; REST
 * and JSON clients publish bytes too.
 */
class PayloadIT {

    /** Not UTF-8 anywhere: 0xC3 opens a sequence that 0x28 does not continue, 0xFF and 0xFE never occur in UTF-8. */
    private static final byte[] NOT_UTF8 = {(byte) 0xC3, 0x28, 0x00, (byte) 0xFF, (byte) 0xFE, 0x7F, (byte) 0x80};

    @Test
    void mqttBytesReachMqttSubscribersByteForByteAndJsonSubscribersAsBase64() throws Exception {
        String group = Names.group("bytes");
        String publisherId = Names.uid("plc");
        // The MQTT clients connect first: the JSON client must not sit silent for the ITs' 4 s session timeout.
        try (V3 subscriber3 = V3.connect(Names.uid("s3")); V5 subscriber5 = V5.connect(Names.uid("s5"));
             V3 publisher = V3.connect(publisherId); RawClient json = RawClient.hello(Names.uid("json"))) {
            subscriber3.subscribe(group, 1);
            subscriber5.subscribe(group, 1);
            json.send("{\"type\":\"sub\",\"group\":\"" + group + "\"}");
            json.expect("ok");

            publisher.publish(group, NOT_UTF8, 1);

            assertArrayEquals(NOT_UTF8, subscriber3.next().payload());
            assertArrayEquals(NOT_UTF8, subscriber5.next().payload());
            JsonObject msg = json.expect("msg");
            assertEquals("base64", msg.getString("encoding"));
            assertEquals(Base64.getEncoder().encodeToString(NOT_UTF8), msg.getString("msg"));
            assertEquals(publisherId, msg.getString("from"));
        }
    }

    @Test
    void aRestOctetStreamPublishReachesMqttByteForByte() throws Exception {
        String group = Names.group("octets");
        try (V5 subscriber = V5.connect(Names.uid("s5")); RawClient json = RawClient.hello(Names.uid("json"))) {
            subscriber.subscribe(group, 0);
            json.send("{\"type\":\"sub\",\"group\":\"" + group + "\"}");
            json.expect("ok");

            HttpResponse<String> response = postOctets(group, NOT_UTF8);

            assertEquals(202, response.statusCode(), response::body);
            assertEquals(2, Server.json(response.body()).asJsonObject().getInt("delivered"));
            assertArrayEquals(NOT_UTF8, subscriber.next().payload());
            assertArrayEquals(NOT_UTF8, Base64.getDecoder().decode(json.expect("msg").getString("msg")));
        }
    }

    @Test
    void aRestOctetStreamOverMaxmessageIsTooLarge() {
        HttpResponse<String> response = postOctets(Names.group("big"), new byte[4097]); // watchbox.maxmessage=4096 in the ITs

        assertEquals(413, response.statusCode(), response::body);
        assertEquals("too-large", Server.json(response.body()).asJsonObject().getString("code"));
    }

    @Test
    void aJsonPubOfBase64ReachesMqttAsTheBytesAndBadBase64IsRefused() throws Exception {
        String group = Names.group("b64");
        try (V3 subscriber = V3.connect(Names.uid("s3")); RawClient json = RawClient.hello(Names.uid("json"))) {
            subscriber.subscribe(group, 0);

            json.send("{\"type\":\"pub\",\"id\":\"bad\",\"group\":\"" + group
                    + "\",\"msg\":\"*not base64*\",\"encoding\":\"base64\"}");
            JsonObject error = json.expect("error");
            assertEquals("bad-frame", error.getString("code"));
            assertTrue(error.getString("reason").contains("base64"), error::toString);

            json.send("{\"type\":\"pub\",\"id\":\"good\",\"group\":\"" + group + "\",\"msg\":\""
                    + Base64.getEncoder().encodeToString(NOT_UTF8) + "\",\"encoding\":\"base64\"}");
            assertEquals(1, json.expect("ok").getInt("delivered"));
            assertArrayEquals(NOT_UTF8, subscriber.next().payload(), "only the good pub was published");
        }
    }

    private static HttpResponse<String> postOctets(String group, byte[] body) {
        return Server.send(HttpRequest.newBuilder(Server.api("/groups/" + group + "/messages"))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }
}
