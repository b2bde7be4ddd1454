package dev.runner.k8s.state;

import static org.junit.jupiter.api.Assertions.*;

import dev.runner.model.Secrets;
import dev.runner.state.Event;
import dev.runner.state.Json;
import dev.runner.state.RunStorage;
import dev.runner.state.StateBackendContract;
import dev.runner.state.StepStatus;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * However long a run, no object of its state nears etcd's limits (a ConfigMap holds at most 1 MiB,
 * https://kubernetes.io/docs/concepts/configuration/configmap/#motivation): the journal is compacted into the
 * snapshot as chunks fill, and what loads equals what the writer folded.
 */
class CompactionTest {
    private static final String RUN = "20260101-000000-5ca1ed";
    private static final int MAX_OBJECT = 512 * 1024;
    private final StateMock mock = new StateMock();

    @AfterEach
    void stop() {
        mock.close();
    }

    @Test
    void manyEventsKeepEveryConfigMapSmallAndLoadEqual() throws Exception {
        ClusterState state = mock.state(Limits.DEFAULT, Clock.systemUTC());
        int largest = 0;
        try (RunStorage s = state.create(RUN, StateBackendContract.started(RUN, Map.of()), new Secrets())) {
            for (int round = 0; round < 6; round++) { // 6 x 30 steps of 1 KiB outputs: ~220 KiB of journal
                StateBackendContract.steps(s, round * 30, 30, 1024);
                largest = Math.max(largest, largestObject());
                assertTrue(mock.configMaps().size() <= 2, "a snapshot and the chunk being written");
            }
            assertEquals(s.state().toData(), state.find(RUN).orElseThrow().toData());
        }
        assertTrue(largest < MAX_OBJECT, "largest ConfigMap " + largest + " bytes");
        assertTrue(largest > Limits.DEFAULT.chunkBytes() / 2, "the snapshot did grow: " + largest);
        ConfigMap snapshot = mock.configMaps().stream()
                .filter(c -> c.getMetadata().getName().endsWith("-snapshot")).findFirst().orElseThrow();
        assertEquals(RUN, snapshot.getMetadata().getLabels().get(StateObjects.RUN_ID));
        assertEquals("backup", snapshot.getMetadata().getLabels().get(StateObjects.WORKFLOW));
        assertEquals(StateMock.NS, snapshot.getMetadata().getLabels().get(StateObjects.TARGET));
    }

    /** Outputs that together outgrow one snapshot: compaction stops, and the chunks stay (each still bounded). */
    @Test
    void aSnapshotTooLargeLeavesTheChunksAndTheStateStillLoads() throws Exception {
        Limits small = new Limits(4096, 8192, 16 * 1024, Limits.DEFAULT.leaseDuration());
        ClusterState state = mock.state(small, Clock.systemUTC());
        try (RunStorage s = state.create(RUN, StateBackendContract.started(RUN, Map.of()), new Secrets())) {
            StateBackendContract.steps(s, 0, 60, 512);
            assertEquals(s.state().toData(), state.find(RUN).orElseThrow().toData());
        }
        assertTrue(mock.configMaps().size() > 5, "chunks kept: " + mock.configMaps().size());
        assertTrue(largestObject() < 4096 + 8192 + 4096, "largest " + largestObject());
    }

    @Test
    void anOutputTooLargeForStateIsRefusedByNameAndNothingIsStored() throws Exception {
        ClusterState state = mock.state(Limits.DEFAULT, Clock.systemUTC());
        try (RunStorage s = state.create(RUN, StateBackendContract.started(RUN, Map.of()), new Secrets())) {
            IOException e = assertThrows(IOException.class, () -> s.append(Event.stepFinished("2026-01-01T00:00:02Z",
                    "dump", 1, StepStatus.SUCCEEDED, null, Map.of("all", "y".repeat(300 * 1024)), List.of(), null,
                    "ok")));
            assertTrue(e.getMessage().startsWith("the step-finished event of step 'dump' takes 301 KiB, more than the"
                    + " 256 KiB one event may take in cluster state"), e.getMessage());
            assertTrue(s.state().step("dump").isEmpty());
        }
        assertTrue(state.find(RUN).orElseThrow().step("dump").isEmpty());
    }

    private int largestObject() {
        return mock.configMaps().stream()
                .mapToInt(c -> Json.MAPPER.writeValueAsString(c).getBytes(StandardCharsets.UTF_8).length).max()
                .orElse(0);
    }
}
