package io.watchbox.internal.core.relay;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

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

    /**
     * Calls each replica asked and completes once every call has answered or failed: a call that
     * fails (timed out, refused, its handler threw) makes that replica missing.
     */
    public static CompletableFuture<Answers> gather(Set<String> asked, Function<String, CompletableFuture<byte[]>> call) {
        Map<String, byte[]> answers = new ConcurrentHashMap<>();
        CompletableFuture<?>[] each = asked.stream()
                .map(replica -> call.apply(replica).handle((answer, e) -> {
                    if (answer != null) {
                        answers.put(replica, answer);
                    }
                    return null;
                }))
                .toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(each).thenApply(done -> new Answers(answers, asked.stream()
                .filter(replica -> !answers.containsKey(replica)).collect(Collectors.toSet())));
    }
}
