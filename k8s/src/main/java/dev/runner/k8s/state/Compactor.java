package dev.runner.k8s.state;

import dev.runner.state.Json;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Folds the sealed journal chunks into the run's snapshot ConfigMap, then deletes them, so a run keeps one
 * snapshot and the chunk being written however long it runs. The snapshot is folded from what is stored (not
 * from one writer's memory), written with a resourceVersion precondition, and only ever moves forward; the
 * chunks go only after the snapshot that covers them is stored, and a reader that meets the gap reads again.
 * A snapshot larger than {@link Limits#snapshotBytes} is not written: the chunks then stay (each is bounded).
 */
final class Compactor {
    private static final int ATTEMPTS = 5;

    private final StateApi api;
    private final String runId;
    private final Map<String, String> labels;
    private final Limits limits;

    Compactor(StateApi api, String runId, Map<String, String> journalLabels, Limits limits) {
        this.api = api;
        this.runId = runId;
        this.labels = new java.util.LinkedHashMap<>(journalLabels);
        this.labels.put(StateObjects.PART, StateObjects.SNAPSHOT);
        this.limits = limits;
    }

    /**
     * Makes the snapshot cover the chunks up to {@code sealed} and deletes them. Best effort: the append that
     * filled the chunk is stored already, and what fails here is done again at the next full chunk.
     */
    void compact(int sealed) {
        try {
            for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
                List<ConfigMap> objects = api.runObjects(runId);
                List<ConfigMap> upTo = objects.stream().filter(c -> !isSnapshot(c) && StoredRun.chunkNo(c) <= sealed)
                        .toList();
                ConfigMap snapshot = objects.stream().filter(Compactor::isSnapshot).findFirst().orElse(null);
                StoredRun folded;
                try {
                    folded = StoredRun.fold(runId, snapshot, upTo);
                } catch (StoredRun.Gap gap) {
                    continue;
                }
                if (folded.covered() < sealed) {
                    String body = Json.MAPPER.writeValueAsString(new StoredRun.SnapshotBody(1, sealed,
                            folded.lastSeq(), folded.state().toData()));
                    if (body.getBytes(StandardCharsets.UTF_8).length > limits.snapshotBytes()) {
                        return;
                    }
                    try {
                        write(snapshot, sealed, body);
                    } catch (StateApi.Conflict e) {
                        continue;
                    }
                }
                for (ConfigMap c : upTo) {
                    api.delete(c.getMetadata().getName());
                }
                return;
            }
        } catch (IOException | RuntimeException e) {
            // left for the next full chunk; readers fold the chunks the snapshot does not cover
        }
    }

    private void write(ConfigMap old, int covered, String body) throws IOException, StateApi.Conflict {
        Map<String, String> data = Map.of(StateObjects.SNAPSHOT_KEY, body);
        if (old == null) {
            api.create(new ConfigMapBuilder().withNewMetadata().withName(StateObjects.snapshotName(runId))
                    .withNamespace(api.namespace).withLabels(labels)
                    .addToAnnotations(StateObjects.COVERED, Integer.toString(covered)).endMetadata()
                    .withData(data).build());
        } else {
            api.update(new ConfigMapBuilder(old).editMetadata()
                    .addToAnnotations(StateObjects.COVERED, Integer.toString(covered)).endMetadata()
                    .withData(data).build());
        }
    }

    private static boolean isSnapshot(ConfigMap c) {
        return StateObjects.SNAPSHOT.equals(c.getMetadata().getLabels().get(StateObjects.PART));
    }
}
