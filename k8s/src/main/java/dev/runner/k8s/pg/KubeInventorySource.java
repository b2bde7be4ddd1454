package dev.runner.k8s.pg;

import dev.runner.k8s.action.VerifyDrills;
import dev.runner.k8s.cluster.ClusterTarget;
import dev.runner.k8s.cluster.Clusters;
import dev.runner.pgbackrest.InfoException;
import dev.runner.pgbackrest.Inventory;
import dev.runner.pgbackrest.InventorySource;
import dev.runner.pgbackrest.RecoveryWindow;
import dev.runner.pgbackrest.StanzaInfo;
import dev.runner.pgbackrest.VerifyHistory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ConfigMapList;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import dev.runner.step.StepException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link InventorySource} over the Kubernetes API: pgbackrest info and pg_stat_archiver through pod exec. */
public final class KubeInventorySource implements InventorySource {

    @Override
    public Inventory read(Map<String, String> settings, Query q) throws InterruptedException {
        try (Clusters clusters = new Clusters(settings, System.getenv())) {
            ClusterTarget t = clusters.target(null, null);
            PgPod pod = PgPod.find(t, clusters.podExec(), q.pod(), q.selector(), q.container(), q.pgUser());
            RepoReader reader = new RepoReader(pod, q.timeout());
            StanzaInfo info = reader.info(null, q.stanza());
            String[] problem = {null};
            Optional<RepoReader.DbFacts> facts = reader.factsIfUp(why -> problem[0] = why);
            String systemId = facts.map(RepoReader.DbFacts::systemId).orElse(null);
            var archiver = facts.map(RepoReader.DbFacts::archiver);
            return new Inventory(pod.where(), info, RecoveryWindow.of(info, archiver, systemId), systemId, archiver,
                    problem[0], Instant.now());
        } catch (StepException e) {
            throw new InfoException(e.getMessage());
        }
    }

    /**
     * The target's drills as kept in its ConfigMap, plus the scheduled drills (Jobs of the verify CronJob) that
     * finished since anyone last looked: they are kept now, where this reader may write the ConfigMap, and shown
     * either way.
     */
    @Override
    public VerifyHistory verifyHistory(Map<String, String> settings, String target) {
        String name = VerifyHistory.configMapName(target);
        try (Clusters clusters = new Clusters(settings, System.getenv())) {
            ClusterTarget t = clusters.target(null, null);
            var configMaps = t.client().configMaps().inNamespace(t.namespace());
            for (int attempt = 1; ; attempt++) {
                ConfigMap cm = configMaps.withName(name).get();
                String kept = cm == null || cm.getData() == null ? null : cm.getData().get(VerifyHistory.KEY);
                VerifyDrills.Unrecorded scheduled = unrecorded(t, target, kept);
                String merged = VerifyDrills.merge(kept, scheduled.lines(), scheduled.keep());
                if (merged == null) {
                    return VerifyHistory.parse(kept);
                }
                try {
                    keep(configMaps, cm, name, merged);
                    return VerifyHistory.parse(merged);
                } catch (KubernetesClientException e) {
                    if (e.getCode() == 409 && attempt < 4) {
                        continue;
                    }
                    if (e.getCode() == 403 || e.getCode() == 409) {
                        return VerifyHistory.parse(merged);
                    }
                    throw e;
                }
            }
        } catch (StepException e) {
            throw new InfoException(e.getMessage());
        } catch (KubernetesClientException e) {
            throw new InfoException("cannot read the restore drills of " + target + " (ConfigMap " + name
                    + ", its Jobs): " + e.getMessage());
        }
    }

    /** A reader that may not list Jobs (an older exporter Role) sees what is kept. */
    private static VerifyDrills.Unrecorded unrecorded(ClusterTarget t, String target, String kept) {
        try {
            return VerifyDrills.unrecorded(t, target, kept);
        } catch (KubernetesClientException e) {
            if (e.getCode() == 403) {
                return new VerifyDrills.Unrecorded(List.of(), VerifyHistory.DEFAULT_KEEP);
            }
            throw e;
        }
    }

    /** Writes the history: an update guarded by the resourceVersion read, or a create. */
    private static void keep(NonNamespaceOperation<ConfigMap, ConfigMapList, Resource<ConfigMap>> configMaps,
            ConfigMap cm, String name, String history) {
        if (cm == null) {
            configMaps.resource(new ConfigMapBuilder().withNewMetadata().withName(name)
                    .addToLabels("app.kubernetes.io/managed-by", "runner")
                    .addToLabels("app.kubernetes.io/component", "verify-backup").endMetadata()
                    .addToData(VerifyHistory.KEY, history).build()).create();
        } else {
            ConfigMap copy = new ConfigMapBuilder(cm).addToData(VerifyHistory.KEY, history).build();
            configMaps.resource(copy).update();
        }
    }
}
