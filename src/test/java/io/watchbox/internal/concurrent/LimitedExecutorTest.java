package io.watchbox.internal.concurrent;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LimitedExecutorTest {

    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    @Test
    void blockedTasksTakeNoMoreThanTheLimitOfTheSharedThreadsAndTheOthersRunOnceTheyEnd() throws Exception {
        LimitedExecutor limited = new LimitedExecutor(threads, 2);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger runningNow = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        List<Integer> started = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(10);
        for (int i = 0; i < 10; i++) {
            int number = i;
            limited.execute(() -> {
                started.add(number);
                mostAtOnce.accumulateAndGet(runningNow.incrementAndGet(), Math::max);
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                runningNow.decrementAndGet();
                done.countDown();
            });
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> started.size() == 2);
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(10)).until(() -> started.size() == 2);

        release.countDown();

        assertTrue(done.await(10, TimeUnit.SECONDS));
        assertEquals(2, mostAtOnce.get());
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), started.stream().sorted().toList(), "every one ran once");
    }

    @Test
    void aTaskThatThrowsFreesItsPlaceForTheNext() throws Exception {
        LimitedExecutor limited = new LimitedExecutor(threads, 1);
        CountDownLatch ran = new CountDownLatch(1);
        limited.execute(() -> {
            throw new IllegalStateException("a bug");
        });
        limited.execute(ran::countDown);

        assertTrue(ran.await(10, TimeUnit.SECONDS));
    }
}
