package io.watchbox.internal.core.relay;

import java.util.Map;
import java.util.Set;

/**
 * What the other replicas answered to a call made to every one ({@link ClusterRelay#callEveryone}).
 *
 * @param answered the answers that came within the timeout, by replica id
 * @param missing  the replicas called that did not answer in time (or could not be reached)
 */
public record Answers(Map<String, byte[]> answered, Set<String> missing) {

    public static final Answers NONE = new Answers(Map.of(), Set.of());

    public Answers {
        answered = Map.copyOf(answered);
        missing = Set.copyOf(missing);
    }
}
