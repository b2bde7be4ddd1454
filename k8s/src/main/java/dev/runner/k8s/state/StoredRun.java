package dev.runner.k8s.state;

import dev.runner.state.Event;
import dev.runner.state.Json;
import dev.runner.state.RunState;
import dev.runner.state.RunStore;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A run's state as stored: the snapshot (covering the journal chunks up to {@code covered}) folded forward with
 * the events of the chunks after it, in sequence order. The chunks after the snapshot must follow each other
 * without a gap; a gap means a writer compacted between our reads, and the caller reads again.
 *
 * @param last the newest chunk (null when the snapshot covers everything, which a writer never leaves)
 */
record StoredRun(RunState state, int covered, ConfigMap last, long lastSeq) {
    /** The snapshot's body: the folded state after the events up to {@code lastSeq}, which fill chunks up to {@code covered}. */
    record SnapshotBody(int v, int covered, long lastSeq, RunState.Data state) {
    }

    static final class Gap extends Exception {
        Gap(String message) {
            super(message);
        }
    }

    /** Folds {@code snapshot} (may be null) and {@code chunks} (any order; those it covers are ignored). */
    static StoredRun fold(String runId, ConfigMap snapshot, List<ConfigMap> chunks) throws IOException, Gap {
        RunState state = new RunState();
        int covered = 0;
        long lastSeq = 0;
        if (snapshot != null) {
            SnapshotBody b = snapshotBody(runId, snapshot);
            state = RunState.fromData(b.state());
            covered = b.covered();
            lastSeq = b.lastSeq();
        }
        List<ConfigMap> after = new ArrayList<>(chunks);
        final int from = covered;
        after.removeIf(c -> chunkNo(c) <= from);
        after.sort(Comparator.comparingInt(StoredRun::chunkNo));
        int expect = covered + 1;
        ConfigMap last = null;
        for (ConfigMap c : after) {
            if (chunkNo(c) != expect) {
                throw new Gap("run " + runId + ": journal chunk " + expect + " is missing (found " + chunkNo(c) + ")");
            }
            expect++;
            for (Map.Entry<String, String> e : events(c).entrySet()) {
                long seq = StateObjects.seqOf(e.getKey());
                if (seq <= lastSeq) {
                    continue;
                }
                try {
                    state.apply(Json.MAPPER.readValue(e.getValue(), Event.class));
                } catch (RuntimeException ex) {
                    throw new IOException("run " + runId + ": event " + seq + " in ConfigMap "
                            + c.getMetadata().getName() + " is not a journal event");
                }
                lastSeq = seq;
            }
            last = c;
        }
        if (state.started() == null) {
            throw new IOException("run " + runId + ": no run-started event in its ConfigMaps");
        }
        Integer v = state.started().v();
        if (v == null || v > RunStore.FORMAT_VERSION) {
            throw new IOException("run " + runId + ": state format version " + v
                    + " is newer than this runner understands (" + RunStore.FORMAT_VERSION + ")");
        }
        return new StoredRun(state, covered, last, lastSeq);
    }

    static SnapshotBody snapshotBody(String runId, ConfigMap snapshot) throws IOException {
        String text = snapshot.getData() == null ? null : snapshot.getData().get(StateObjects.SNAPSHOT_KEY);
        try {
            SnapshotBody b = text == null ? null : Json.MAPPER.readValue(text, SnapshotBody.class);
            if (b == null || b.v() != 1 || b.state() == null || b.state().started() == null) {
                throw new IOException("run " + runId + ": the snapshot ConfigMap " + snapshot.getMetadata().getName()
                        + " is not a snapshot this runner reads");
            }
            return b;
        } catch (RuntimeException e) {
            throw new IOException("run " + runId + ": the snapshot ConfigMap " + snapshot.getMetadata().getName()
                    + " is damaged");
        }
    }

    /** A chunk's events by key, in sequence order. */
    static TreeMap<String, String> events(ConfigMap chunk) {
        return chunk.getData() == null ? new TreeMap<>() : new TreeMap<>(chunk.getData());
    }

    static int chunkNo(ConfigMap c) {
        Map<String, String> a = c.getMetadata().getAnnotations();
        try {
            return a == null ? -1 : Integer.parseInt(a.getOrDefault(StateObjects.CHUNK, "-1"));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static boolean sealed(ConfigMap c) {
        Map<String, String> a = c.getMetadata().getAnnotations();
        return a != null && "true".equals(a.get(StateObjects.SEALED));
    }

    /** The bytes a chunk's data takes (keys and values), as the API server counts a ConfigMap's size. */
    static int dataBytes(ConfigMap c) {
        int n = 0;
        if (c.getData() != null) {
            for (Map.Entry<String, String> e : c.getData().entrySet()) {
                n += e.getKey().length() + e.getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            }
        }
        return n;
    }
}
