package io.watchbox.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.watchbox.it.DeliveryAudit.FaultWindow;
import io.watchbox.it.DeliveryAudit.MessageId;
import io.watchbox.it.DeliveryAudit.Publish;
import io.watchbox.it.DeliveryAudit.Report;
import io.watchbox.it.DeliveryAudit.Seen;
import io.watchbox.it.DeliveryAudit.Subscriber;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The chaos run's accounting, on made-up runs: publisher "p" publishes 1, 2, 3, ... one a second to group "g". */
class DeliveryAuditTest {

    private static final Duration SLACK = Duration.ofMillis(500);

    @Test
    void aSubscriberThatGotEverythingHasNothingToExplain() {
        Report report = audit(published(3), List.of(), got(1, 2, 3));

        assertEquals(3, report.expected());
        assertEquals(3, report.received());
        assertEquals(0, report.lostUnexplained());
        assertEquals(List.of(), report.unexplained());
    }

    @Test
    void aMessageReceivedTwiceIsADuplicate() {
        Report report = audit(published(3), List.of(), got(1, 2, 2, 3));

        assertEquals(List.of("s got p#2 twice"), report.duplicates());
    }

    @Test
    void whatANewSessionMissedIsReportedByIt() {
        Report report = audit(published(5), List.of(), seen(message(1), message(2), new Seen.NewSession(), message(5)));

        assertEquals(2, report.lostWithNewSession());
        assertEquals(0, report.lostUnexplained());
    }

    @Test
    void skipsExplainAsManyLossesWithinASessionAsTheyCount() {
        Report report = audit(published(6), List.of(), seen(message(1), new Seen.Skipped(2), message(4), message(6)));

        assertEquals(2, report.lostSkipped());
        assertEquals(1, report.lostUnexplained());
        assertEquals(List.of("p#5 did not reach [s] and no fault was under way"), report.unexplained());
    }

    @Test
    void aSkipExplainsOnlyALossBetweenTheMessagesAroundIt() {
        Report report = audit(published(5), List.of(), seen(message(1), new Seen.Skipped(1), message(3), message(5)));

        assertEquals(1, report.lostSkipped(), "p#2: the gap opened between p#1 and p#3");
        assertEquals(List.of("p#4 did not reach [s] and no fault was under way"), report.unexplained());
    }

    @Test
    void aSkipInAnotherSessionExplainsNothingHere() {
        Report report = audit(published(6), List.of(),
                seen(message(1), message(3), new Seen.NewSession(), new Seen.Skipped(1), message(6)));

        assertEquals(0, report.lostSkipped());
        assertEquals(2, report.lostWithNewSession());
        assertEquals(List.of("p#2 did not reach [s] and no fault was under way"), report.unexplained());
    }

    @Test
    void aRelayLossDuringAFaultIsExplainedWhenTheReplicasCountedAtLeastAsManyMessages() {
        FaultWindow outage = window("redis restart", 2, 3, 1);
        Report report = audit(published(4), List.of(outage), got(1, 2, 4), seen("t", message(1), message(2), message(4)));

        assertEquals(1, report.relayLostMessages());
        assertEquals(2, report.lostCounted(), "one message, lost for two subscribers");
        assertEquals(0, report.lostUnexplained());
    }

    @Test
    void relayLossesBeyondWhatTheReplicasCountedAreUnexplained() {
        FaultWindow outage = window("redis restart", 2, 3, 1);
        Report report = audit(published(5), List.of(outage), got(1, 4, 5));

        assertEquals(2, report.lostUnexplained());
        assertEquals(List.of("2 messages were lost in relay during redis restart but the replicas counted only 1: [p#2 to [s], p#3 to [s]]"),
                report.unexplained());
    }

    @Test
    void aPublishJustOutsideAFaultIsStillItsWithinTheSlack() {
        FaultWindow outage = window("redis restart", 3, 4, 5);
        List<Publish> publishes = List.of(publish(1, true), new Publish(new MessageId("p", 2), "g", seconds(2),
                seconds(3) - SLACK.toNanos() + 1, true), publish(5, true));

        Report report = audit(publishes, List.of(outage), got(1, 5));

        assertEquals(1, report.lostCounted());
        assertEquals(List.of(), report.unexplained());
    }

    @Test
    void skipsExplainFirstTheLossesThatNoFaultCanExplain() {
        FaultWindow outage = window("redis restart", 3, 3, 1);
        Report report = audit(published(4), List.of(outage), seen(message(1), new Seen.Skipped(1), message(4)));

        assertEquals(1, report.lostSkipped(), "p#2, published before the fault");
        assertEquals(1, report.lostCounted(), "p#3, published during it");
        assertEquals(List.of(), report.unexplained());
    }

    @Test
    void anUnconfirmedPublishIsNotExpectedButCountedWhenItArrives() {
        List<Publish> publishes = List.of(publish(1, true), publish(2, false), publish(3, false), publish(4, true));

        Report report = audit(publishes, List.of(), got(1, 2, 4));

        assertEquals(2, report.expected());
        assertEquals(1, report.unconfirmedReceived());
        assertEquals(0, report.lostUnexplained());
    }

    @Test
    void aSubscriberThatNeverGotTheLastMessageIsUnexplained() {
        Report report = audit(published(3), List.of(), got(1, 2));

        assertEquals(List.of("s never got p#3 nor anything later from p"), report.unexplained());
    }

    private static Report audit(List<Publish> publishes, List<FaultWindow> windows, Subscriber... subscribers) {
        return new DeliveryAudit(publishes, windows, SLACK).audit(List.of(subscribers));
    }

    private static List<Publish> published(int count) {
        List<Publish> publishes = new ArrayList<>();
        for (int n = 1; n <= count; n++) {
            publishes.add(publish(n, true));
        }
        return publishes;
    }

    /** Number n is sent at n seconds and settled 10 ms later. */
    private static Publish publish(long number, boolean confirmed) {
        return new Publish(new MessageId("p", number), "g", seconds(number), seconds(number) + 10_000_000, confirmed);
    }

    private static FaultWindow window(String fault, long fromSecond, long toSecond, long counted) {
        return new FaultWindow(fault, seconds(fromSecond), seconds(toSecond), counted);
    }

    private static long seconds(long seconds) {
        return TimeUnit.SECONDS.toNanos(seconds);
    }

    private static Subscriber got(long... numbers) {
        List<Seen> seen = new ArrayList<>();
        for (long number : numbers) {
            seen.add(message(number));
        }
        return new Subscriber("s", "g", seen);
    }

    private static Subscriber seen(Seen... seen) {
        return seen("s", seen);
    }

    private static Subscriber seen(String uid, Seen... seen) {
        return new Subscriber(uid, "g", List.of(seen));
    }

    private static Seen message(long number) {
        return new Seen.Message(new MessageId("p", number));
    }
}
