package dev.runner.state;

import dev.runner.model.Secrets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class RunStoreTest {
    @TempDir
    Path tmp;

    @org.junit.jupiter.api.BeforeEach
    void smallSnapshots() {
        RunStore.minSnapshotGap = 4096;
    }

    @org.junit.jupiter.api.AfterEach
    void defaultSnapshots() {
        RunStore.minSnapshotGap = RunStore.MIN_SNAPSHOT_GAP;
    }

    static Event started(String runId, Map<String, String> params) {
        return new Event(Event.RUN_STARTED, "2026-01-01T00:00:00Z", RunStore.FORMAT_VERSION, runId, "w.yaml", "w",
                Map.of(), params, List.of(), "h", "salt", Map.of(), 1L, "host", null, null, null, null, null, null,
                null, null, null, null, null, null);
    }

    private static long steps(RunStore s, int n) throws IOException {
        for (int i = 0; i < n; i++) {
            s.append(Event.stepStarted("2026-01-01T00:00:01Z", "step-" + i, 1));
            s.append(Event.stepFinished("2026-01-01T00:00:02Z", "step-" + i, 1, StepStatus.SUCCEEDED, null,
                    Map.of("out", "value-" + i), List.of(), null, "ok"));
        }
        return s.bytesWritten();
    }

    @Test
    void snapshotPlusTailEqualsFullReplay() throws IOException {
        Path dir = tmp.resolve("r");
        try (RunStore s = RunStore.create(dir, started("r", Map.of()), new Secrets())) {
            steps(s, 120); // crosses several snapshot thresholds
            assertTrue(Files.exists(dir.resolve(Snapshot.FILE)));
            s.append(Event.stepStarted("2026-01-01T00:00:03Z", "last", 1));
            RunState viaSnapshot = RunStore.load(dir);
            assertEquals(121, viaSnapshot.steps().size());
            assertEquals(StepStatus.RUNNING, viaSnapshot.step("last").orElseThrow().status());
            Files.delete(dir.resolve(Snapshot.FILE));
            RunState viaJournal = RunStore.load(dir);
            assertEquals(viaJournal.toData(), viaSnapshot.toData());
        }
    }

    /**
     * Linear growth follows from the snapshot policy's invariant: every snapshot but the newest two was paid four times over
     * in journal bytes, so all bytes together stay below 1.25 times the journal plus twice the
     * final snapshot. Checked at a size where a snapshot was written mid-run; bench/journal.sh measures
     * 1,000 vs 10,000 steps.
     */
    @Test
    void snapshotsCostAtMostAboutTheJournalAgain() throws IOException {
        Path dir = tmp.resolve("a");
        RunStore s = RunStore.create(dir, started("a", Map.of()), new Secrets());
        steps(s, 150);
        s.close();
        long journal = Files.size(dir.resolve(RunStore.JOURNAL));
        long snapshot = Files.size(dir.resolve(Snapshot.FILE));
        assertTrue(s.bytesWritten() > journal + snapshot, "several snapshots were written");
        assertTrue(s.bytesWritten() <= journal + journal / 4 + 2 * snapshot, s.bytesWritten() + " vs journal " + journal);
    }

    @Test
    void secretsAreMaskedInEveryField() throws IOException {
        Secrets secrets = new Secrets();
        secrets.add("pa55word");
        Path dir = tmp.resolve("s");
        try (RunStore s = RunStore.create(dir, started("s", Map.of("db", "pa55word")), secrets)) {
            s.append(Event.stepFinished("2026-01-01T00:00:02Z", "a", 1, StepStatus.FAILED, null,
                    Map.of("token", "tok-123456", "echo", "x pa55word y"), List.of("token"),
                    "login with pa55word refused", "pa55word"));
        }
        for (Path f : List.of(dir.resolve(RunStore.JOURNAL), dir.resolve(Snapshot.FILE))) {
            String text = Files.readString(f);
            assertFalse(text.contains("pa55word"), f.toString());
            assertFalse(text.contains("tok-123456"), f.toString());
            assertTrue(text.contains("***"));
        }
    }

    /** #19 item 5: a running attempt's process group is known after a reload (journal or snapshot), until it finishes. */
    @Test
    void aRunningStepsProcessGroupIsFoldedFromTheJournalAndTheSnapshotAndClearedByItsFinish() throws IOException {
        Path dir = tmp.resolve("p");
        try (RunStore s = RunStore.create(dir, started("p", Map.of()), new Secrets())) {
            s.append(Event.stepStarted("2026-01-01T00:00:01Z", "a", 1));
            s.append(Event.stepProcess("2026-01-01T00:00:02Z", "a", 1, 4242, 987654));
        }
        assertEquals(new StepRecord.StepProcess(4242, 987654), RunStore.load(dir).step("a").orElseThrow().process());
        Files.delete(dir.resolve(Snapshot.FILE));
        assertEquals(new StepRecord.StepProcess(4242, 987654), RunStore.load(dir).step("a").orElseThrow().process());
        try (RunStore s = RunStore.open(dir, new Secrets())) {
            s.append(Event.stepFinished("2026-01-01T00:00:03Z", "a", 1, StepStatus.SUCCEEDED, null, Map.of(), List.of(),
                    null, "ok"));
        }
        assertNull(RunStore.load(dir).step("a").orElseThrow().process());
    }

    @Test
    void newerFormatIsRefused() throws IOException {
        Path dir = tmp.resolve("v");
        Event e = started("v", Map.of());
        Event newer = new Event(e.type(), e.at(), 99, e.runId(), e.workflow(), e.workflowName(), e.files(), e.params(),
                e.secretParams(), e.paramsHash(), e.salt(), e.settings(), e.pid(), e.host(), null, null, null, null,
                null, null, null, null, null, null, null, null);
        RunStore.create(dir, newer, new Secrets()).close();
        Files.delete(dir.resolve(Snapshot.FILE));
        IOException ex = assertThrows(IOException.class, () -> RunStore.load(dir));
        assertTrue(ex.getMessage().contains("newer"));
    }
}
