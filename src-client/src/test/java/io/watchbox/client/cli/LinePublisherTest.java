package io.watchbox.client.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchbox.client.PublishResult;
import io.watchbox.client.WatchboxErrorException;
import java.io.BufferedReader;
import java.io.StringReader;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LinePublisherTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final List<String> published = new CopyOnWriteArrayList<>();
    private final List<CompletableFuture<PublishResult>> answers = new CopyOnWriteArrayList<>();
    private final List<Long> notRelayedLines = new CopyOnWriteArrayList<>();
    private static final PublishResult TAKEN = new PublishResult(1, true);

    private static BufferedReader input(String text) {
        return new BufferedReader(new StringReader(text));
    }

    /** A server that answers every publish at once. */
    private CompletableFuture<PublishResult> answered(String text) {
        published.add(text);
        return CompletableFuture.completedFuture(TAKEN);
    }

    /** A server that answers when the test says so. */
    private CompletableFuture<PublishResult> later(String text) {
        published.add(text);
        CompletableFuture<PublishResult> answer = new CompletableFuture<>();
        answers.add(answer);
        return answer;
    }

    @Test
    void publishesEachLineInOrderAndSkipsEmptyLinesAsMosquittoPubDoes() throws Exception {
        LinePublisher publisher = new LinePublisher(this::answered, 8, WAIT, notRelayedLines::add);

        LinePublisher.Outcome outcome = publisher.publishAll(input("first\n\nsecond line\r\n  \nlast without newline"));

        assertEquals(List.of("first", "second line", "  ", "last without newline"), published);
        assertEquals(new LinePublisher.Outcome(4, 0), outcome);
        assertEquals(List.of(), notRelayedLines);
    }

    @Test
    void noInputPublishesNothing() throws Exception {
        assertEquals(new LinePublisher.Outcome(0, 0), new LinePublisher(this::answered, 8, WAIT, notRelayedLines::add)
                .publishAll(input("")));
        assertEquals(List.of(), published);
    }

    @Test
    void atMostTheWindowWaitsForAnAnswerAndAllAreAnsweredBeforeItReturns() throws Exception {
        LinePublisher publisher = new LinePublisher(this::later, 2, WAIT, notRelayedLines::add);
        FutureTask<LinePublisher.Outcome> run = new FutureTask<>(() -> publisher.publishAll(input("a\nb\nc\n")));
        Thread reader = new Thread(run, "line-publisher-test");
        reader.start();

        await().atMost(WAIT).until(() -> published.size() == 2 && reader.getState() == Thread.State.WAITING);
        assertEquals(List.of("a", "b"), published, "the third waits for an answer");

        answers.get(0).complete(TAKEN);
        await().atMost(WAIT).until(() -> published.size() == 3);
        answers.get(1).complete(TAKEN);
        await().atMost(WAIT).until(() -> reader.getState() == Thread.State.WAITING);
        assertTrue(!run.isDone(), "it returns only when every publish is answered");

        answers.get(2).complete(TAKEN);
        assertEquals(new LinePublisher.Outcome(3, 0), run.get(WAIT.toSeconds(), TimeUnit.SECONDS));
    }

    @Test
    void stopsAtTheFirstLineTheServerRefusesAndSaysWhichAndWhy() {
        LinePublisher publisher = new LinePublisher(text -> {
            published.add(text);
            return text.equals("two")
                    ? CompletableFuture.failedFuture(new WatchboxErrorException("rate-limited", "too many publishes"))
                    : CompletableFuture.completedFuture(TAKEN);
        }, 8, WAIT, notRelayedLines::add);

        CommandFailure failure = assertThrows(CommandFailure.class, () -> publisher.publishAll(input("one\n\ntwo\nthree\n")));

        assertEquals("line 3: the server refused: rate-limited: too many publishes", failure.getMessage());
        assertEquals(List.of("one", "two"), published, "nothing after the refused line");
    }

    @Test
    void linesTheServerDidNotRelayAreToldAsTheyComeAndCountedAndTheOthersGoOn() throws Exception {
        LinePublisher publisher = new LinePublisher(text -> {
            published.add(text);
            return CompletableFuture.completedFuture(new PublishResult(1, !text.startsWith("outage")));
        }, 8, WAIT, notRelayedLines::add);

        LinePublisher.Outcome outcome = publisher.publishAll(input("one\noutage two\n\noutage four\nfive\n"));

        assertEquals(List.of("one", "outage two", "outage four", "five"), published, "every line is sent");
        assertEquals(new LinePublisher.Outcome(4, 2), outcome);
        assertEquals(List.of(2L, 4L), notRelayedLines, "by line number, empty lines counted");
    }

    @Test
    void aPublishWithoutAnswerInTimeIsAFailure() {
        LinePublisher publisher = new LinePublisher(this::later, 8, Duration.ofMillis(50), notRelayedLines::add);

        CommandFailure failure = assertThrows(CommandFailure.class, () -> publisher.publishAll(input("lost\n")));

        assertEquals("line 1: no answer within 50 ms", failure.getMessage());
    }
}
