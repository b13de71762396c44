package io.watchbox.it;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one subscriber got from the numbered publishers of its group, held against what they had
 * confirmed: every confirmed message exactly once, each publisher's in the order it published
 * them. Unconfirmed messages may be there or not, but in order and once like the rest.
 */
final class ExactlyOnceInOrder {

    private ExactlyOnceInOrder() {
    }

    /** The problems found, each naming the subscriber; none when it holds. */
    static List<String> problems(String subscriber, List<String> texts, List<NumberedPublisher> publishers) {
        List<String> problems = new ArrayList<>();
        Set<String> known = new HashSet<>();
        for (NumberedPublisher publisher : publishers) {
            long previous = 0;
            Set<Long> got = new HashSet<>();
            for (String text : texts) {
                long number = publisher.numberOf(text);
                if (number < 0) {
                    continue;
                }
                known.add(text);
                if (number <= previous) {
                    problems.add(subscriber + " got " + text + (got.contains(number) ? " again" : " out of order")
                            + ", after " + publisher.name + "#" + previous);
                }
                got.add(number);
                previous = Math.max(previous, number);
            }
            TreeSet<Long> missing = new TreeSet<>(publisher.confirmed());
            missing.removeAll(got);
            if (!missing.isEmpty()) {
                problems.add(subscriber + " never got " + missing.size() + " confirmed messages of " + publisher.name
                        + ", the first ones (and for how many sessions the server said it queued each): "
                        + missing.stream().limit(10).map(n -> n + " (" + publisher.deliveredTo(n) + ")").toList());
            }
        }
        texts.stream().filter(text -> !known.contains(text)).limit(10)
                .forEach(text -> problems.add(subscriber + " got " + text + ", from no publisher of its group"));
        return problems;
    }
}
