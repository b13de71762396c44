package io.watchbox.client.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    private final List<CompletableFuture<Integer>> answers = new CopyOnWriteArrayList<>();

    private static BufferedReader input(String text) {
        return new BufferedReader(new StringReader(text));
    }

    /** A server that answers every publish at once. */
    private CompletableFuture<Integer> answered(String text) {
        published.add(text);
        return CompletableFuture.completedFuture(1);
    }

    /** A server that answers when the test says so. */
    private CompletableFuture<Integer> later(String text) {
        published.add(text);
        CompletableFuture<Integer> answer = new CompletableFuture<>();
        answers.add(answer);
        return answer;
    }

    @Test
    void publishesEachLineInOrderAndSkipsEmptyLinesAsMosquittoPubDoes() throws Exception {
        LinePublisher publisher = new LinePublisher(this::answered, 8, WAIT);

        long count = publisher.publishAll(input("first\n\nsecond line\r\n  \nlast without newline"));

        assertEquals(List.of("first", "second line", "  ", "last without newline"), published);
        assertEquals(4, count);
    }

    @Test
    void noInputPublishesNothing() throws Exception {
        assertEquals(0, new LinePublisher(this::answered, 8, WAIT).publishAll(input("")));
        assertEquals(List.of(), published);
    }

    @Test
    void atMostTheWindowWaitsForAnAnswerAndAllAreAnsweredBeforeItReturns() throws Exception {
        LinePublisher publisher = new LinePublisher(this::later, 2, WAIT);
        FutureTask<Long> run = new FutureTask<>(() -> publisher.publishAll(input("a\nb\nc\n")));
        Thread reader = new Thread(run, "line-publisher-test");
        reader.start();

        await().atMost(WAIT).until(() -> published.size() == 2 && reader.getState() == Thread.State.WAITING);
        assertEquals(List.of("a", "b"), published, "the third waits for an answer");

        answers.get(0).complete(1);
        await().atMost(WAIT).until(() -> published.size() == 3);
        answers.get(1).complete(1);
        await().atMost(WAIT).until(() -> reader.getState() == Thread.State.WAITING);
        assertTrue(!run.isDone(), "it returns only when every publish is answered");

        answers.get(2).complete(1);
        assertEquals(3, run.get(WAIT.toSeconds(), TimeUnit.SECONDS));
    }

    @Test
    void stopsAtTheFirstLineTheServerRefusesAndSaysWhichAndWhy() {
        LinePublisher publisher = new LinePublisher(text -> {
            published.add(text);
            return text.equals("two")
                    ? CompletableFuture.failedFuture(new WatchboxErrorException("rate-limited", "too many publishes"))
                    : CompletableFuture.completedFuture(1);
        }, 8, WAIT);

        CommandFailure failure = assertThrows(CommandFailure.class, () -> publisher.publishAll(input("one\n\ntwo\nthree\n")));

        assertEquals("line 3: the server refused: rate-limited: too many publishes", failure.getMessage());
        assertEquals(List.of("one", "two"), published, "nothing after the refused line");
    }

    @Test
    void aPublishWithoutAnswerInTimeIsAFailure() {
        LinePublisher publisher = new LinePublisher(this::later, 8, Duration.ofMillis(50));

        CommandFailure failure = assertThrows(CommandFailure.class, () -> publisher.publishAll(input("lost\n")));

        assertEquals("line 1: no answer within 50 ms", failure.getMessage());
    }
}
