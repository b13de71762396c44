package io.watchbox.internal.core;

import io.watchbox.WatchboxAuthenticator.Handshake;
import io.watchbox.WatchboxIdentity;
import io.watchbox.internal.FakeConnection;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.Map;

/** One client connection driven the way the WebSocket transport drives it, with a fake socket underneath. */
final class Client {

    final FakeConnection connection = new FakeConnection();
    final ClientProtocol protocol;

    Client(Broker broker) {
        protocol = broker.open(connection);
    }

    /** A connection whose handshake carried these headers, from this address. */
    Client(Broker broker, Handshake handshake) {
        protocol = broker.open(connection, Map.of(), handshake);
    }

    /** A connection whose handshake the container authenticated as this user. */
    Client(Broker broker, Handshake handshake, WatchboxIdentity containerUser) {
        protocol = broker.open(connection, Map.of(), handshake, containerUser);
    }

    /** A client of the broker that said hello as uid and subscribed to the filters, in order. */
    static Client subscribed(Broker broker, String uid, String... filters) {
        Client client = new Client(broker);
        client.hello(uid);
        for (String filter : filters) {
            client.subscribe(filter);
        }
        return client;
    }

    /** Sends a frame written with single quotes for readability: {@code {'type':'ping'}}. */
    Client send(String singleQuoted) {
        protocol.onText(singleQuoted.replace('\'', '"'));
        return this;
    }

    /** Says hello and returns the welcome. */
    JsonObject hello(String uid) {
        send(uid == null ? "{'type':'hello'}" : "{'type':'hello','uid':'" + uid + "'}");
        return welcome();
    }

    /** Says hello with a uid and since, without a resume key: a new session, or refused if the uid is taken. */
    JsonObject resume(String uid, long since) {
        send("{'type':'hello','uid':'" + uid + "','since':" + since + "}");
        return welcome();
    }

    /** Takes the session of {@code previous} over, as the same client on a second socket: uid and resume key. */
    JsonObject takeOver(Client previous) {
        JsonObject welcome = previous.welcome();
        send("{'type':'hello','uid':'" + welcome.getString("uid") + "','resume':'" + welcome.getString("resume") + "'}");
        return welcome();
    }

    /** Comes back as the client that was {@code previous}: its uid and the resume key its welcome gave. */
    JsonObject resume(Client previous, long since) {
        JsonObject welcome = previous.welcome();
        send("{'type':'hello','uid':'" + welcome.getString("uid") + "','since':" + since + ",'resume':'"
                + welcome.getString("resume") + "'}");
        return welcome();
    }

    Client subscribe(String group) {
        return send("{'type':'sub','group':'" + group + "'}");
    }

    Client publish(String group, String msg) {
        return send("{'type':'pub','group':'" + group + "','msg':'" + msg + "'}");
    }

    /** The socket drops without bye, as the transport reports it. */
    void drop() {
        protocol.onClose();
    }

    JsonObject welcome() {
        List<JsonObject> welcomes = connection.frames("welcome");
        return welcomes.isEmpty() ? null : welcomes.get(0);
    }

    JsonObject lastFrame() {
        return connection.lastFrame();
    }

    List<JsonObject> messages() {
        return connection.frames("msg");
    }

    List<Long> seqs() {
        return messages().stream().map(m -> m.getJsonNumber("seq").longValue()).toList();
    }

    List<String> texts() {
        return messages().stream().map(m -> m.getString("msg")).toList();
    }

    /** Every frame as "type" or "type msg" for messages, in the order sent. */
    List<String> transcript() {
        return connection.frames().stream()
                .map(f -> f.getString("type").equals("msg") ? "msg " + f.getString("msg") : f.getString("type"))
                .toList();
    }

    List<Integer> closeCodes() {
        return connection.closeCodes();
    }
}
