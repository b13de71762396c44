package io.watchbox.internal.mqtt.session;

import io.watchbox.GroupFilter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A session's MQTT filters with the QoS granted to each; it outlives the connection with the subscriptions. */
public final class GrantedQos {

    private final Map<String, Integer> granted = new ConcurrentHashMap<>();

    public void grant(String filter, int qos) {
        granted.put(filter, qos);
    }

    public void revoke(String filter) {
        granted.remove(filter);
    }

    /**
     * The QoS a message to this group is sent at: the highest granted to a filter that matches it
     * (MQTT allows that for overlapping subscriptions), 0 if none does.
     */
    public int highestFor(String group) {
        int qos = 0;
        for (Map.Entry<String, Integer> subscription : granted.entrySet()) {
            if (subscription.getValue() > qos && GroupFilter.matches(subscription.getKey(), group)) {
                qos = subscription.getValue();
            }
        }
        return qos;
    }
}
