package dev.runner.exec;

import dev.runner.model.Secrets;
import dev.runner.step.BasicStepContext;
import dev.runner.step.Services;
import dev.runner.step.StepException;
import dev.runner.step.StepLog;
import dev.runner.step.StepResult;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

class AttemptTest {
    private static StepContexts.Made made() {
        StepLog quiet = new StepLog() {
            @Override
            public void info(String message) {
            }

            @Override
            public void warn(String message) {
            }

            @Override
            public void progress(String message) {
            }
        };
        return new StepContexts.Made(new BasicStepContext("s", Map.of(), Path.of("."), Map.of(), Optional.empty(),
                () -> false, quiet, new Secrets(), new Services()), new AtomicBoolean());
    }

    /** #19 item 10: a stop before the helper thread picked the step up must not wait out the grace period. */
    @Test
    void stoppingAnAttemptThatNeverBeganReturnsAtOnceAndTheStepNeverRuns() throws Exception {
        ExecutorService helpers = Executors.newSingleThreadExecutor();
        CountDownLatch release = new CountDownLatch(1);
        helpers.submit(() -> {
            release.await(); // the only helper thread is busy: the attempt stays queued
            return null;
        });
        AtomicInteger ran = new AtomicInteger();
        Fixtures.Fake fake = new Fixtures.Fake();
        fake.bodies.put("s", ctx -> {
            ran.incrementAndGet();
            return StepResult.ok("ran");
        });
        long t0 = System.nanoTime();
        try {
            StepException e = assertThrows(StepException.class, () -> Attempt.run(fake, made(), Optional.of(Duration.ofMillis(50)), Duration.ofSeconds(10), helpers));
            assertTrue(e.getMessage().contains("timed out"), e.getMessage());
        } finally {
            release.countDown();
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < 2000, "took " + ms + " ms: waited for a step that never began");
        helpers.shutdown();
        assertTrue(helpers.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(0, ran.get(), "a stopped attempt must not run later");
    }
}
