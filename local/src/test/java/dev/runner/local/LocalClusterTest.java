package dev.runner.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** A real postgres Deployment on the local cluster, driven through the fabric8 client and kubectl. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalClusterTest {
    static final String NS = "hasura";
    static final Duration READY = Duration.ofSeconds(60);
    static LocalEnvironment env;
    static KubernetesClient old;

    @BeforeAll
    static void start() throws Exception {
        Testbed.requirePostgres();
        Path dir = Testbed.tempDir("local-cluster-test");
        env = LocalEnvironment.start(dir.resolve("env"), Testbed.entrypoint(), true, List.of("old", "new"));
        old = env.cluster("old").client();
        Testbed.postgresSecret(old, NS);
        old.apps().deployments().inNamespace(NS).resource(Testbed.postgresDeployment(NS)).create();
    }

    @AfterAll
    static void stop() {
        if (env != null) {
            env.close();
        }
    }

    @Test
    @Order(1)
    void deploymentGetsAReadyPodRunningRealPostgres() throws Exception {
        Pod pod = Testbed.readyPod(old, NS, "postgres", READY);
        var r = Testbed.psql(old, NS, pod.getMetadata().getName(), "select current_setting('port')");
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals(String.valueOf(env.cluster("old").postgresPort()), r.stdout().trim());
        Deployment d = Testbed.await(READY, "rollout complete", () -> {
            Deployment x = old.apps().deployments().inNamespace(NS).withName("postgres").get();
            var s = x.getStatus();
            return s != null && Integer.valueOf(1).equals(s.getReadyReplicas())
                    && Integer.valueOf(1).equals(s.getUpdatedReplicas())
                    && x.getMetadata().getGeneration().equals(s.getObservedGeneration()) ? x : null;
        });
        assertEquals(1, d.getStatus().getAvailableReplicas());
        assertTrue(pod.getMetadata().getLabels().containsKey("pod-template-hash"));
    }

    @Test
    @Order(2)
    void execReportsStdoutStderrAndExitCode() throws Exception {
        String pod = Testbed.readyPod(old, NS, "postgres", READY).getMetadata().getName();
        var r = Testbed.exec(old, NS, pod, "sh", "-c", "echo out; echo err >&2; test -s \"$PGDATA/PG_VERSION\"; "
                + "id -un; exit 3");
        assertEquals(3, r.exitCode());
        // exec runs as the image's USER: root in the postgres image (its entrypoint drops to postgres for the
        // server only); the process runtime runs everything of an archiver pod as postgres
        String user = env.cluster("old").runtime() == PodRuntime.CONTAINERS ? "root" : "postgres";
        assertEquals("out\n" + user + "\n", r.stdout());
        assertEquals("err\n", r.stderr());
    }

    @Test
    @Order(3)
    void kubectlSeesThePodsAndDeployments() throws Exception {
        Testbed.readyPod(old, NS, "postgres", READY);
        String json = Testbed.kubectl(env.kubeconfig(), "--context", "old", "get", "pods", "-n", NS, "-o", "json");
        assertTrue(json.contains("\"app\": \"postgres\""), json);
        String table = Testbed.kubectl(env.kubeconfig(), "--context", "old", "get", "deploy", "-n", NS);
        assertTrue(table.contains("postgres") && table.contains("1/1"), table);
        String pods = Testbed.kubectl(env.kubeconfig(), "--context", "old", "get", "pods", "-n", NS);
        assertTrue(pods.contains("Running") && pods.contains("1/1"), pods);
        String exec = Testbed.kubectl(env.kubeconfig(), "--context", "old", "-n", NS, "exec", "deploy/postgres",
                "--", "sh", "-c", "echo $PGPORT");
        assertEquals(String.valueOf(env.cluster("old").postgresPort()), exec.trim());
        String other = Testbed.kubectl(env.kubeconfig(), "--context", "new", "get", "pods", "-n", NS);
        assertTrue(other.isBlank() || other.contains("No resources"), "new cluster is separate: " + other);
    }

    @Test
    @Order(4)
    void deletedPodIsReplacedAndTheVolumeSurvives() throws Exception {
        Pod first = Testbed.readyPod(old, NS, "postgres", READY);
        String name = first.getMetadata().getName();
        assertEquals(0, Testbed.psql(old, NS, name, "create table t(x int); insert into t values (1),(2),(3)")
                .exitCode());
        old.pods().inNamespace(NS).withName(name).delete();
        Pod second = Testbed.await(READY, "replacement pod", () -> old.pods().inNamespace(NS).withLabel("app", "postgres")
                .list().getItems().stream().filter(p -> !p.getMetadata().getUid().equals(first.getMetadata().getUid()))
                .filter(Testbed::isReady).findFirst().orElse(null));
        assertNotEquals(first.getMetadata().getName(), second.getMetadata().getName());
        var r = Testbed.psql(old, NS, second.getMetadata().getName(), "select count(*) from t");
        assertEquals("3", r.stdout().trim(), r.stderr());
    }

    @Test
    @Order(5)
    void templateChangeRollsOutANewPodWithTheNewArgs() throws Exception {
        Pod before = Testbed.readyPod(old, NS, "postgres", READY);
        old.apps().deployments().inNamespace(NS).withName("postgres").edit(d -> {
            d.getSpec().getTemplate().getSpec().getContainers().get(0).setArgs(List.of("-c", "work_mem=7MB"));
            return d;
        });
        Pod after = Testbed.await(READY, "new template pod", () -> old.pods().inNamespace(NS)
                .withLabel("app", "postgres").list().getItems().stream()
                .filter(p -> !p.getMetadata().getLabels().get("pod-template-hash")
                        .equals(before.getMetadata().getLabels().get("pod-template-hash")))
                .filter(Testbed::isReady).findFirst().orElse(null));
        var r = Testbed.psql(old, NS, after.getMetadata().getName(), "show work_mem");
        assertEquals("7MB", r.stdout().trim(), r.stderr());
        assertEquals("3", Testbed.psql(old, NS, after.getMetadata().getName(), "select count(*) from t").stdout()
                .trim());
        Testbed.await(READY, "old pod gone", () -> old.pods().inNamespace(NS).withName(before.getMetadata().getName())
                .get() == null);
    }
}
