package io.watchbox.internal.mqtt.codec;

/**
 * The protocol versions the codec speaks, named by CONNECT's protocol name and level. MQTT 3.1
 * ("MQIsdp", level 3, what old clients send under the {@code mqttv3.1} subprotocol) is read and
 * written as 3.1.1, which kept its packets and only added to them.
 */
public enum MqttVersion {
    V3_1("MQIsdp", 3),
    V3_1_1("MQTT", 4),
    V5("MQTT", 5);

    private final String protocolName;
    private final int level;

    MqttVersion(String protocolName, int level) {
        this.protocolName = protocolName;
        this.level = level;
    }

    public String protocolName() {
        return protocolName;
    }

    public int level() {
        return level;
    }

    /** Whether packets carry properties and reason codes. */
    public boolean isV5() {
        return this == V5;
    }

    /** The version a CONNECT names, or null when the name and level are not one of ours. */
    static MqttVersion of(String protocolName, int level) {
        for (MqttVersion version : values()) {
            if (version.level == level && version.protocolName.equals(protocolName)) {
                return version;
            }
        }
        return null;
    }
}
