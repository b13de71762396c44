package io.watchbox.internal.mqtt.codec;

/** The control packet types, by the number in the fixed header's high nibble. */
public enum PacketType {
    CONNECT(1, 0, Direction.TO_SERVER),
    CONNACK(2, 0, Direction.TO_CLIENT),
    PUBLISH(3, -1, Direction.BOTH),
    PUBACK(4, 0, Direction.BOTH),
    PUBREC(5, 0, Direction.BOTH),
    PUBREL(6, 0b0010, Direction.BOTH),
    PUBCOMP(7, 0, Direction.BOTH),
    SUBSCRIBE(8, 0b0010, Direction.TO_SERVER),
    SUBACK(9, 0, Direction.TO_CLIENT),
    UNSUBSCRIBE(10, 0b0010, Direction.TO_SERVER),
    UNSUBACK(11, 0, Direction.TO_CLIENT),
    PINGREQ(12, 0, Direction.TO_SERVER),
    PINGRESP(13, 0, Direction.TO_CLIENT),
    /** Client to server in 3.1.1; both ways in 5.0. */
    DISCONNECT(14, 0, Direction.BOTH),
    /** 5.0 only. */
    AUTH(15, 0, Direction.BOTH);

    enum Direction { TO_SERVER, TO_CLIENT, BOTH }

    private static final PacketType[] BY_NUMBER = new PacketType[16];

    static {
        for (PacketType type : values()) {
            BY_NUMBER[type.number] = type;
        }
    }

    private final int number;
    private final int flags;
    private final Direction direction;

    PacketType(int number, int flags, Direction direction) {
        this.number = number;
        this.flags = flags;
        this.direction = direction;
    }

    public int number() {
        return number;
    }

    /** The fixed header's low nibble this type must carry (MQTT-2.2.2-1), or -1 for PUBLISH, whose flags mean something. */
    int requiredFlags() {
        return flags;
    }

    /** Whether a server may receive this type from a client (or, with {@code toServer} false, a client from a server) in {@code version}. */
    boolean travels(boolean toServer, MqttVersion version) {
        if (this == AUTH && !version.isV5()) {
            return false;
        }
        if (this == DISCONNECT && !toServer) {
            return version.isV5();
        }
        return direction == Direction.BOTH || (direction == Direction.TO_SERVER) == toServer;
    }

    /** The type with this number, or null for 0 (reserved). */
    static PacketType of(int number) {
        return BY_NUMBER[number];
    }
}
