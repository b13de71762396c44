package io.watchbox;

import java.util.List;

/**
 * A view of the whole cluster, and how whole it is: what the replicas that answered said, merged,
 * and which live replicas did not answer in time, whose part is not in it.
 *
 * @param value    the view: on a single node, or when every replica answered, all of it
 * @param answered cluster mode: the ids of the replicas whose part is in the view, this one
 *                 included, sorted; empty on a single node
 * @param missing  cluster mode: the ids of the live replicas that did not answer within 2 s,
 *                 sorted; empty when every one answered, and on a single node
 */
public record ClusterView<T>(T value, List<String> answered, List<String> missing) {

    public ClusterView {
        answered = List.copyOf(answered);
        missing = List.copyOf(missing);
    }

    /** A single node's view: the whole of it. */
    public static <T> ClusterView<T> single(T value) {
        return new ClusterView<>(value, List.of(), List.of());
    }

    /** Whether every live replica answered: nothing is missing from the view. */
    public boolean complete() {
        return missing.isEmpty();
    }
}
