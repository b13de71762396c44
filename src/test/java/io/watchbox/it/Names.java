package io.watchbox.it;

import java.util.UUID;

/** Unique uids and groups, so tests share nothing on the one server and run in any order. */
final class Names {
    private Names() {
    }

    static String uid(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static String group(String prefix) {
        return "it/" + prefix + "/" + UUID.randomUUID().toString().substring(0, 8);
    }
}
