package dev.runner.k8s.pg;

import dev.runner.k8s.cluster.ClusterTarget;
import dev.runner.k8s.cluster.Clusters;
import dev.runner.pgbackrest.InfoException;
import dev.runner.pgbackrest.Inventory;
import dev.runner.pgbackrest.InventorySource;
import dev.runner.pgbackrest.RecoveryWindow;
import dev.runner.pgbackrest.StanzaInfo;
import dev.runner.pgbackrest.VerifyHistory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClientException;
import dev.runner.step.StepException;
import java.time.Instant;
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

    @Override
    public VerifyHistory verifyHistory(Map<String, String> settings, String target) {
        String name = VerifyHistory.configMapName(target);
        try (Clusters clusters = new Clusters(settings, System.getenv())) {
            ClusterTarget t = clusters.target(null, null);
            ConfigMap cm = t.client().configMaps().inNamespace(t.namespace()).withName(name).get();
            return VerifyHistory.parse(cm == null || cm.getData() == null ? null : cm.getData().get(VerifyHistory.KEY));
        } catch (StepException e) {
            throw new InfoException(e.getMessage());
        } catch (KubernetesClientException e) {
            throw new InfoException("cannot read ConfigMap " + name + ": " + e.getMessage());
        }
    }
}
