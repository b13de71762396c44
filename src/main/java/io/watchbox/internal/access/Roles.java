package io.watchbox.internal.access;

import java.util.Set;

/** The roles the REST API asks for (contract: Identity and access, REST). */
public final class Roles {

    /** May publish over REST. */
    public static final String PUBLISHER = "watchbox-publisher";
    /** May publish, list and kick clients, and read the stats. */
    public static final String ADMIN = "watchbox-admin";

    /** What an anonymous caller whom {@code watchbox.anonymous} admits may do: everything, as before v2 on loopback. */
    public static final Set<String> OF_ADMITTED_ANONYMOUS = Set.of(PUBLISHER, ADMIN);

    private Roles() {
    }
}
