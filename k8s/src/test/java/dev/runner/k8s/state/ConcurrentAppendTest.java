package dev.runner.k8s.state;

import static org.junit.jupiter.api.Assertions.*;

import dev.runner.model.Secrets;
import dev.runner.state.Event;
import dev.runner.state.Json;
import dev.runner.state.RunState;
import dev.runner.state.RunStorage;
import dev.runner.state.StateBackendContract;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Appends race on resourceVersion: two writers of one run, each with its own view, meet 409s, read again and
 * append to what is there, and every event ends up stored exactly once — across full chunks, too.
 */
class ConcurrentAppendTest {
    private static final String RUN = "20260101-000000-c0ffee";
    /** Small chunks, so the race crosses sealing and new chunks; no snapshot, so every stored event stays countable. */
    private static final Limits SMALL = new Limits(2048, 8192, 1, Duration.ofSeconds(15));
    private final StateMock mock = new StateMock();

    @AfterEach
    void stop() {
        mock.close();
    }

    @Test
    void twoWritersLoseAndDoubleNothing() throws Exception {
        StateApi api = new StateApi(mock.client, StateMock.NS);
        ChunkedJournal.create(api, RUN, StateBackendContract.started(RUN, Map.of()), new Secrets(), SMALL,
                Optional::empty).close();
        int each = 60;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> writers = new ArrayList<>();
        for (String w : List.of("a", "b")) {
            RunStorage s = ChunkedJournal.open(api, RUN, new Secrets(), SMALL, Optional::empty);
            writers.add(pool.submit(() -> {
                go.await();
                for (int i = 0; i < each; i++) {
                    s.append(Event.stepStarted("2026-01-01T00:00:01Z", w + "-" + i, 1));
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> f : writers) {
            f.get();
        }
        pool.shutdown();

        assertTrue(api.conflicts.get() > 0, "the writers met 409s");
        Map<String, Integer> times = new HashMap<>();
        List<ConfigMap> chunks = mock.configMaps();
        assertTrue(chunks.size() > 3, "the race crossed full chunks: " + chunks.size());
        for (ConfigMap c : chunks) {
            for (String line : c.getData().values()) {
                Event e = Json.MAPPER.readValue(line, Event.class);
                if (e.step() != null) {
                    times.merge(e.step(), 1, Integer::sum);
                }
            }
        }
        assertEquals(2 * each, times.size(), "none lost");
        times.forEach((step, n) -> assertEquals(1, n, step + " stored once"));
        RunState loaded = mock.state(SMALL, Clock.systemUTC()).find(RUN).orElseThrow();
        assertEquals(2 * each, loaded.steps().size());
        for (int i = 1; i < each; i++) { // each writer's own events keep their order
            for (String w : List.of("a", "b")) {
                assertTrue(seq(chunks, w + "-" + (i - 1)) < seq(chunks, w + "-" + i));
            }
        }
    }

    @Test
    void aWriteWhoseAnswerWasLostIsNotMadeTwice() throws Exception {
        StateApi lossy = new StateApi(mock.client, StateMock.NS) {
            private boolean lost;

            @Override
            ConfigMap update(ConfigMap c) throws java.io.IOException, Conflict {
                ConfigMap done = super.update(c);
                if (!lost && c.getData().size() == 2) {
                    lost = true; // stored, but the client hears a conflict (as after a retried request)
                    throw new Conflict("answer lost");
                }
                return done;
            }
        };
        try (RunStorage s = ChunkedJournal.create(lossy, RUN, StateBackendContract.started(RUN, Map.of()),
                new Secrets(), Limits.DEFAULT, Optional::empty)) {
            s.append(Event.stepStarted("2026-01-01T00:00:01Z", "once", 1));
            s.append(Event.stepStarted("2026-01-01T00:00:02Z", "next", 1));
        }
        ConfigMap chunk = mock.configMaps().get(0);
        assertEquals(3, chunk.getData().size(), chunk.getData().toString());
    }

    private static long seq(List<ConfigMap> chunks, String step) {
        for (ConfigMap c : chunks) {
            for (var e : c.getData().entrySet()) {
                if (e.getValue().contains("\"step\":\"" + step + "\"")) {
                    return StateObjects.seqOf(e.getKey());
                }
            }
        }
        throw new AssertionError(step + " not stored");
    }
}
