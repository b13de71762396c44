package io.watchbox.client.internal;

import io.watchbox.client.MessageHandler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The client's wanted subscriptions: one handler per group pattern (subscribing the same
 * pattern again replaces its handler, as in MQTT). Owned by the client's thread.
 */
public final class SubscriptionTable {
    private final Map<String, MessageHandler> handlers = new LinkedHashMap<>();

    public void put(String pattern, MessageHandler handler) {
        handlers.put(pattern, handler);
    }

    public void remove(String pattern) {
        handlers.remove(pattern);
    }

    /** Removes the pattern only while {@code handler} is still the one registered for it. */
    public void remove(String pattern, MessageHandler handler) {
        handlers.remove(pattern, handler);
    }

    public MessageHandler handler(String pattern) {
        return handlers.get(pattern);
    }

    public Set<Map.Entry<String, MessageHandler>> entries() {
        return handlers.entrySet();
    }

    /** Every handler whose pattern matches {@code group}, once each, in subscription order. */
    public List<MessageHandler> matching(String group) {
        List<MessageHandler> result = new ArrayList<>();
        for (Map.Entry<String, MessageHandler> entry : handlers.entrySet()) {
            if (GroupMatcher.matches(entry.getKey(), group)) {
                result.add(entry.getValue());
            }
        }
        return result;
    }
}
