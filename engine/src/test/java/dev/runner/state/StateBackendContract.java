package dev.runner.state;

import dev.runner.model.Secrets;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * What every {@link StateBackend} must do, run against each (the state directory here, the API server in module
 * k8s): store a run so it loads equal to what its writer folded, reopen it, mask secrets, list runs with their
 * liveness, and refuse a second lock on a workflow's target naming the holder.
 */
public abstract class StateBackendContract {
    /** A backend on the store under test; each call another client of the same store (another runner). */
    protected abstract StateBackend backend() throws Exception;

    /** Everything stored for the run, as text (to look for secrets in). */
    protected abstract String storedText(String runId) throws Exception;

    private static final Path WF = Path.of("/work/flows/backup.yaml");

    public static Event started(String runId, Map<String, String> params) {
        return new Event(Event.RUN_STARTED, "2026-01-01T00:00:00Z", RunStore.FORMAT_VERSION, runId, WF.toString(),
                "backup", Map.of(), params, List.of(), "h", "salt", Map.of(), 1L, "host", null, null, null, null, null,
                null, null, null, null, null, null, null);
    }

    /** {@code n} steps, each started then finished with an output of {@code outputBytes}. */
    public static void steps(RunStorage s, int from, int n, int outputBytes) throws Exception {
        String pad = "x".repeat(outputBytes);
        for (int i = from; i < from + n; i++) {
            s.append(Event.stepStarted("2026-01-01T00:00:01Z", "step-" + i, 1));
            s.appendDeferred(Event.stepFinished("2026-01-01T00:00:02Z", "step-" + i, 1, StepStatus.SUCCEEDED, null,
                    Map.of("out", "value-" + i + pad), List.of(), null, "ok"));
        }
        s.flush();
    }

    @Test
    void aRunLoadsEqualToWhatItsWriterFolded() throws Exception {
        try (StateBackend b = backend()) {
            RunState written;
            try (RunStorage s = b.create("20260101-000000-aaaaaa", started("20260101-000000-aaaaaa", Map.of("a", "1")),
                    new Secrets())) {
                steps(s, 0, 150, 1200); // past several snapshots or chunks of every backend
                s.append(Event.stepStarted("2026-01-01T00:00:03Z", "last", 1));
                written = s.state();
                assertEquals(written.toData(), b.find("20260101-000000-aaaaaa").orElseThrow().toData(), "while open");
            }
            try (StateBackend other = backend()) {
                RunState loaded = other.find("20260101-000000-aaaaaa").orElseThrow();
                assertEquals(written.toData(), loaded.toData());
                assertEquals(151, loaded.steps().size());
                assertEquals(StepStatus.RUNNING, loaded.step("last").orElseThrow().status());
            }
        }
    }

    @Test
    void aReopenedRunGoesOnWhereItStopped() throws Exception {
        String id = "20260101-000000-bbbbbb";
        try (StateBackend b = backend()) {
            try (RunStorage s = b.create(id, started(id, Map.of()), new Secrets())) {
                steps(s, 0, 3, 10);
            }
        }
        try (StateBackend b = backend(); RunStorage s = b.open(id, new Secrets())) {
            assertEquals(3, s.state().steps().size());
            s.append(Event.runFinished("2026-01-01T00:00:09Z", RunPhase.SUCCEEDED, null));
            RunState reloaded = b.find(id).orElseThrow();
            assertEquals(RunPhase.SUCCEEDED, reloaded.phase());
            assertEquals(s.state().toData(), reloaded.toData());
        }
    }

    @Test
    void secretsAreMaskedInWhatIsStored() throws Exception {
        String id = "20260101-000000-cccccc";
        Secrets secrets = new Secrets();
        secrets.add("pa55word");
        try (StateBackend b = backend(); RunStorage s = b.create(id, started(id, Map.of("db", "pa55word")), secrets)) {
            s.append(Event.stepFinished("2026-01-01T00:00:02Z", "a", 1, StepStatus.FAILED, null,
                    Map.of("token", "tok-123456", "echo", "x pa55word y"), List.of("token"),
                    "login with pa55word refused", "pa55word"));
        }
        String text = storedText(id);
        assertFalse(text.contains("pa55word"), text);
        assertFalse(text.contains("tok-123456"), text);
        assertTrue(text.contains("***"), text);
    }

    @Test
    void anUnknownRunIsNotFound() throws Exception {
        try (StateBackend b = backend()) {
            assertTrue(b.find("20991231-000000-ffffff").isEmpty());
        }
    }

    @Test
    void aSecondLockOnTheTargetIsRefusedNamingTheHolder() throws Exception {
        Map<String, String> target = Map.of("namespace", "db");
        try (StateBackend a = backend(); StateBackend b = backend()) {
            try (TargetLock held = a.lockTarget(WF, "backup", target, "run-1", w -> fail(w))) {
                LockedException e = assertThrows(LockedException.class,
                        () -> b.lockTarget(WF, "backup", target, "run-2", w -> { }));
                assertEquals("run-1", e.holder().runId());
                assertEquals(ProcessHandle.current().pid(), e.holder().pid());
                assertTrue(e.getMessage().startsWith("locked by run run-1 (pid " + ProcessHandle.current().pid()),
                        e.getMessage());
                assertTrue(held.takenOverFrom().isEmpty());
            }
            List<String> warnings = new ArrayList<>();
            b.lockTarget(WF, "backup", target, "run-3", warnings::add).close();
            assertEquals(List.of(), warnings, "a released lock is taken without a warning");
        }
    }

    @Test
    void aRunIsListedActiveWhileLockedAndCrashedWhenItsLockIsGone() throws Exception {
        String id = "20260101-000000-dddddd";
        try (StateBackend b = backend()) {
            TargetLock target = b.lockTarget(WF, "backup", Map.of(), id, w -> { });
            RunStorage s = b.create(id, started(id, Map.of()), new Secrets()); // as RunSession.start: then its lock
            TargetLock own = b.lockRun(id, w -> { });
            try (s) {
                steps(s, 0, 1, 1);
                try (StateBackend other = backend()) {
                    RunEntry e = other.list().stream().filter(x -> x.id().equals(id)).findFirst().orElseThrow();
                    assertTrue(e.active());
                    assertEquals("running", e.label());
                    assertTrue(other.latestUnfinished().isEmpty(), "a running run is not resumed");
                }
            } finally {
                own.close();
                target.close();
            }
            try (StateBackend other = backend()) {
                RunEntry e = other.list().stream().filter(x -> x.id().equals(id)).findFirst().orElseThrow();
                assertEquals("crashed", e.label());
                assertEquals(id, other.latestUnfinished().orElseThrow().id());
            }
        }
    }

    @Test
    void runsAreListedOldestFirst() throws Exception {
        try (StateBackend b = backend()) {
            for (String id : List.of("20260102-000000-000002", "20260101-000000-000001")) {
                try (RunStorage s = b.create(id, started(id, Map.of()), new Secrets())) {
                    s.append(Event.runFinished("2026-01-01T00:00:09Z", RunPhase.SUCCEEDED, null));
                }
            }
            List<String> ids = b.list().stream().map(RunEntry::id).toList();
            assertEquals(List.of("20260101-000000-000001", "20260102-000000-000002"), ids);
            assertTrue(b.latestUnfinished().isEmpty(), "succeeded runs are not resumed");
        }
    }
}
