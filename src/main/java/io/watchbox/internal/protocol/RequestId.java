package io.watchbox.internal.protocol;

import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * The optional id of a client request, echoed as given in the reply: a string of at most
 * {@value #MAX_LENGTH} characters, or an integer.
 *
 * @param json the id as the client sent it, a {@link JsonString} or an integral {@link JsonNumber}
 */
public record RequestId(JsonValue json) {

    public static final int MAX_LENGTH = 128;

    public RequestId {
        boolean valid = json instanceof JsonString s && s.getString().length() <= MAX_LENGTH
                || json instanceof JsonNumber n && n.isIntegral();
        if (!valid) {
            throw new IllegalArgumentException("an id is a string of at most " + MAX_LENGTH + " characters or an integer");
        }
    }

    public static RequestId of(String id) {
        return new RequestId(Json.createValue(id));
    }

    public static RequestId of(long id) {
        return new RequestId(Json.createValue(id));
    }

    /** The id as JSON text, for logs and tests. */
    @Override
    public String toString() {
        return json.toString();
    }
}
