package io.watchbox.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Accounts for every delivery a chaos run should have made: each message confirmed to its
 * publisher, to each subscriber of its group. A delivery that did not happen must be explained by
 * something reported: the subscriber's session was not resumed, the subscriber's client reported
 * skipped messages, or the replicas counted messages they did not relay or missed. What is left is
 * unexplained loss. See {@link ClusterChaosIT} for why these rules are sound.
 */
final class DeliveryAudit {

    /** A message: its publisher's uid and the number the publisher gave it. */
    record MessageId(String publisher, long number) {
        @Override
        public String toString() {
            return publisher + "#" + number;
        }
    }

    /** A publish as its publisher saw it: when it was made, when its stage completed, whether with the server's ok. */
    record Publish(MessageId id, String group, long sentNanos, long settledNanos, boolean confirmed) {
    }

    /** What a subscriber's client reported, in the order its callbacks ran. */
    sealed interface Seen {
        record Message(MessageId id) implements Seen {
        }

        /** {@code onSkipped(count)}: the client saw a gap in seq. */
        record Skipped(long count) implements Seen {
        }

        /** {@code onReconnect(false)}: a new session, which missed what was published while it had none. */
        record NewSession() implements Seen {
        }
    }

    record Subscriber(String uid, String group, List<Seen> seen) {
    }

    /** A fault and how many messages the replicas counted as notRelayed or missed while it lasted and settled. */
    record FaultWindow(String fault, long startNanos, long endNanos, long counted) {
        boolean overlaps(Publish publish, Duration slack) {
            return publish.sentNanos() - slack.toNanos() <= endNanos && publish.settledNanos() + slack.toNanos() >= startNanos;
        }

        /** How far the publish lies outside the fault, in nanoseconds; 0 when within it. */
        long distance(Publish publish) {
            return Math.max(0, Math.max(startNanos - publish.settledNanos(), publish.sentNanos() - endNanos));
        }
    }

    /** Deliveries by outcome; {@code unexplained} and {@code duplicates} say what and where. */
    record Report(long published, long confirmed, long expected, long received, long unconfirmedReceived,
                  long lostWithNewSession, long lostSkipped, long lostCounted, long relayLostMessages,
                  List<String> duplicates, List<String> unexplained) {

        long lostUnexplained() {
            return expected - received - lostWithNewSession - lostSkipped - lostCounted;
        }
    }

    private final List<Publish> publishes;
    private final List<FaultWindow> windows;
    private final Duration slack;

    /**
     * @param slack how far before or after a fault window a publish may lie and still be lost to
     *              it: a relay command may be answered or time out that much later
     */
    DeliveryAudit(List<Publish> publishes, List<FaultWindow> windows, Duration slack) {
        this.publishes = publishes;
        this.windows = windows;
        this.slack = slack;
    }

    Report audit(List<Subscriber> subscribers) {
        Map<String, Map<String, NavigableMap<Long, Publish>>> confirmedByGroup = new HashMap<>();
        Set<MessageId> unconfirmed = new HashSet<>();
        for (Publish publish : publishes) {
            if (publish.confirmed()) {
                confirmedByGroup.computeIfAbsent(publish.group(), g -> new HashMap<>())
                        .computeIfAbsent(publish.id().publisher(), p -> new TreeMap<>()).put(publish.id().number(), publish);
            } else {
                unconfirmed.add(publish.id());
            }
        }
        Tally tally = new Tally();
        Map<MessageId, List<String>> lostInRelay = new LinkedHashMap<>();
        for (Subscriber subscriber : subscribers) {
            auditOne(subscriber, confirmedByGroup.getOrDefault(subscriber.group(), Map.of()), unconfirmed, tally, lostInRelay);
        }
        accountRelayLosses(lostInRelay, tally);
        long confirmed = publishes.stream().filter(Publish::confirmed).count();
        return new Report(publishes.size(), confirmed, tally.expected, tally.received, tally.unconfirmedReceived,
                tally.withNewSession, tally.skipped, tally.counted, lostInRelay.size(), tally.duplicates, tally.unexplained);
    }

    private static final class Tally {
        long expected;
        long received;
        long unconfirmedReceived;
        long withNewSession;
        long skipped;
        long counted;
        final List<String> duplicates = new ArrayList<>();
        final List<String> unexplained = new ArrayList<>();
    }

    /**
     * One subscriber, publisher by publisher: a confirmed message it did not get lies between two
     * that it got from the same publisher (the last one always arrives: the run ends with a fence).
     * With a new session between those two, the loss was reported by {@code resumed: false}.
     * Otherwise the session it belongs to either skipped it (an {@code onSkipped} between those two
     * counts it) or never got it from Redis (counted by the replicas, see {@link #accountRelayLosses}).
     */
    private void auditOne(Subscriber subscriber, Map<String, NavigableMap<Long, Publish>> confirmedByPublisher,
                          Set<MessageId> unconfirmed, Tally tally, Map<MessageId, List<String>> lostInRelay) {
        List<Seen> seen = subscriber.seen();
        Map<MessageId, Integer> at = new HashMap<>();
        List<Integer> newSessions = new ArrayList<>();
        // Where in the trace each onSkipped came, and how many of its count are still unused.
        TreeMap<Integer, Long> skips = new TreeMap<>();
        for (int i = 0; i < seen.size(); i++) {
            Seen event = seen.get(i);
            if (event instanceof Seen.Message message) {
                if (at.putIfAbsent(message.id(), i) != null) {
                    tally.duplicates.add(subscriber.uid() + " got " + message.id() + " twice");
                } else if (unconfirmed.contains(message.id())) {
                    tally.unconfirmedReceived++;
                }
            } else if (event instanceof Seen.Skipped skipped) {
                skips.put(i, skipped.count());
            } else {
                newSessions.add(i);
            }
        }
        List<Missed> missedInSession = new ArrayList<>();
        for (Map.Entry<String, NavigableMap<Long, Publish>> publisher : confirmedByPublisher.entrySet()) {
            NavigableMap<Long, Integer> got = new TreeMap<>();
            for (Publish publish : publisher.getValue().values()) {
                Integer index = at.get(publish.id());
                if (index != null) {
                    got.put(publish.id().number(), index);
                }
            }
            for (Publish publish : publisher.getValue().values()) {
                tally.expected++;
                long number = publish.id().number();
                if (got.containsKey(number)) {
                    tally.received++;
                    continue;
                }
                Map.Entry<Long, Integer> before = got.lowerEntry(number);
                Map.Entry<Long, Integer> after = got.higherEntry(number);
                if (after == null) {
                    tally.unexplained.add(subscriber.uid() + " never got " + publish.id() + " nor anything later from "
                            + publisher.getKey());
                    continue;
                }
                int from = before == null ? -1 : Math.min(before.getValue(), after.getValue());
                int to = before == null ? after.getValue() : Math.max(before.getValue(), after.getValue());
                if (newSessions.stream().anyMatch(i -> i > from && i < to)) {
                    tally.withNewSession++;
                } else {
                    missedInSession.add(new Missed(publish, from, to));
                }
            }
        }
        // A skip explains a message lost between the two messages of its publisher that bracket it
        // in the trace: the seq gap it reports opened there. Each is matched to the skip nearest
        // after its earlier neighbour, those whose later neighbour comes first being matched first,
        // and of those, first the ones no relay fault can explain.
        missedInSession.sort(Comparator.comparingInt(Missed::to).thenComparing(missed -> inSomeWindow(missed.publish())));
        for (Missed missed : missedInSession) {
            Map.Entry<Integer, Long> skip = skips.higherEntry(missed.from());
            while (skip != null && skip.getValue() == 0) {
                skip = skips.higherEntry(skip.getKey());
            }
            if (skip != null && skip.getKey() < missed.to()) {
                skips.put(skip.getKey(), skip.getValue() - 1);
                tally.skipped++;
            } else {
                lostInRelay.computeIfAbsent(missed.publish().id(), id -> new ArrayList<>()).add(subscriber.uid());
            }
        }
    }

    private boolean inSomeWindow(Publish publish) {
        return windows.stream().anyMatch(w -> w.overlaps(publish, slack));
    }

    /** A message a subscriber did not get, and where in its trace the publisher's messages around it came. */
    private record Missed(Publish publish, int from, int to) {
    }

    /**
     * A message lost in relay was published during a fault (or within the slack around it), and the
     * replicas counted at least as many messages notRelayed or missed during that fault as distinct
     * messages were lost in relay then. Each message is counted once by its publishing replica when
     * it could not relay it, or once by each replica it missed: at least once in either case.
     */
    private void accountRelayLosses(Map<MessageId, List<String>> lostInRelay, Tally tally) {
        Map<FaultWindow, List<MessageId>> byWindow = new LinkedHashMap<>();
        Map<MessageId, Publish> publishById = publishes.stream().collect(Collectors.toMap(Publish::id, p -> p, (a, b) -> a));
        lostInRelay.forEach((id, subscribers) -> {
            Publish publish = publishById.get(id);
            // Within the slack of two faults, the message was published during the nearer one.
            FaultWindow window = windows.stream().filter(w -> w.overlaps(publish, slack))
                    .min(Comparator.comparingLong(w -> w.distance(publish))).orElse(null);
            if (window == null) {
                tally.unexplained.add(id + " did not reach " + subscribers + " and no fault was under way");
            } else {
                byWindow.computeIfAbsent(window, w -> new ArrayList<>()).add(id);
            }
        });
        byWindow.forEach((window, ids) -> {
            long deliveries = ids.stream().mapToLong(id -> lostInRelay.get(id).size()).sum();
            if (ids.size() <= window.counted()) {
                tally.counted += deliveries;
            } else {
                tally.unexplained.add(ids.size() + " messages were lost in relay during " + window.fault()
                        + " but the replicas counted only " + window.counted() + ": "
                        + ids.stream().map(id -> id + " to " + lostInRelay.get(id)).toList());
            }
        });
    }
}
