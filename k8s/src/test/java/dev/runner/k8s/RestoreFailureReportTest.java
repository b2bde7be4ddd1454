package dev.runner.k8s;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.step.StepException;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A restore initContainer that fails: the rollout wait ends at its timeout and shows pgBackRest's error. */
class RestoreFailureReportTest {
    static final String NS = "hasura";
    @TempDir
    Path dir;
    MockCluster cluster = new MockCluster("a");

    @AfterEach
    void tearDown() {
        cluster.close();
    }

    /**
     * failAfterRestarts: a restore initContainer of the new ReplicaSet's pod that keeps failing ends the wait at once
     * (not retryable) with pgBackRest's error and the events; an old ReplicaSet's crash-looping pod and failures
     * from before the wait began (a resumed run) do not count.
     */
    @Test
    void aCrashLoopingRestoreFailsFastWithItsLogAndEvents() throws Exception {
        var deployment = Fixtures.postgres(NS);
        deployment.getMetadata().setUid("d-1");
        cluster.client.apps().deployments().inNamespace(NS).resource(deployment).create();
        replicaSet("postgres-old", "rs-1", 1);
        replicaSet("postgres-new", "rs-2", 2);
        cluster.client.pods().inNamespace(NS).resource(restorePod("postgres-old-a", "rs-1", 9)).create();
        cluster.client.pods().inNamespace(NS).resource(restorePod("postgres-new-a", "rs-2", 2)).create();
        cluster.client.v1().events().inNamespace(NS).resource(new io.fabric8.kubernetes.api.model.EventBuilder()
                .withNewMetadata().withName("e1").endMetadata().withType("Warning").withReason("BackOff")
                .withMessage("Back-off restarting failed container pgbackrest-restore").withLastTimestamp("2026-11-20T10:00:00Z")
                .withNewInvolvedObject().withKind("Pod").withName("postgres-new-a").endInvolvedObject().build()).create();
        cluster.server.expect().get().withPath("/api/v1/namespaces/hasura/pods/postgres-new-a/log?pretty=false"
                + "&container=pgbackrest-restore&previous=true&tailLines=15")
                .andReturn(200, "runner-pg: restore r1: pgbackrest --stanza=main restore --delta\n"
                        + "ERROR: [055]: raised from local-1 process: unable to open missing file '/main/backup/x/pg_data/PG_VERSION.lz4'\n")
                .always();
        try (TestContext c = new TestContext(Map.of("kubeconfig", MockCluster.kubeconfig(dir, NS, cluster).toString()))) {
            c.with("name", "postgres").with("failAfterRestarts", 3);
            c.timeout = Duration.ofSeconds(60);
            var wait = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return (Object) new WaitForRolloutStep().run(c);
                } catch (Exception e) {
                    return e;
                }
            });
            Thread.sleep(3000);
            assertTrue(!wait.isDone(), "2 failures before the wait began, none since: still waiting");
            long t0 = System.nanoTime();
            cluster.client.pods().inNamespace(NS).resource(restorePod("postgres-new-a", "rs-2", 5)).update();
            Object r = wait.get(20, java.util.concurrent.TimeUnit.SECONDS);
            long seconds = Duration.ofNanos(System.nanoTime() - t0).toSeconds();
            assertTrue(r instanceof StepException, String.valueOf(r));
            StepException e = (StepException) r;
            assertTrue(!e.retryable(), "a crash loop does not go away by retrying the wait");
            assertTrue(seconds < 10, "failed " + seconds + "s after the third failure, not at the 60s timeout");
            String m = e.getMessage();
            assertTrue(m.startsWith("Deployment hasura/postgres cannot roll out: container pgbackrest-restore of pod"
                    + " postgres-new-a has failed 3 times (last exit 1, now CrashLoopBackOff) (failAfterRestarts 3)"), m);
            assertTrue(m.contains("ERROR: [055]: raised from local-1 process: unable to open missing file"), m);
            assertTrue(m.contains("Warning BackOff Pod/postgres-new-a: Back-off restarting failed container"), m);
        }
    }

    /** Postgres that stops during recovery (e.g. its target is past the archived WAL) ends the wait for recovery.signal. */
    @Test
    void aPostgresThatKeepsStoppingInRecoveryEndsTheWaitForTheFile() throws Exception {
        cluster.client.pods().inNamespace(NS).resource(postgresPod(0)).create();
        cluster.server.expect().get().withPath("/api/v1/namespaces/hasura/pods/postgres-r/log?pretty=false"
                + "&container=postgres&previous=true&tailLines=15")
                .andReturn(200, "FATAL:  recovery ended before configured recovery target was reached\n").always();
        ScriptedPodExec.install(cmd -> new dev.runner.k8s.cluster.ExecResult(0, "", ""));   // the file is still there
        try (TestContext c = new TestContext(Map.of("kubeconfig", MockCluster.kubeconfig(dir, NS, cluster).toString()))) {
            c.with("selector", "app=postgres").with("path", "/var/lib/postgresql/data/recovery.signal")
                    .with("state", "absent").with("interval", "200ms").with("failAfterRestarts", 2);
            c.timeout = Duration.ofSeconds(60);
            var wait = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return (Object) new WaitForFileStep().run(c);
                } catch (Exception e) {
                    return e;
                }
            });
            Thread.sleep(1500);
            assertTrue(!wait.isDone(), "still waiting while postgres runs");
            cluster.client.pods().inNamespace(NS).resource(postgresPod(2)).update();
            Object r = wait.get(20, java.util.concurrent.TimeUnit.SECONDS);
            assertTrue(r instanceof StepException e && !e.retryable(), String.valueOf(r));
            String m = ((StepException) r).getMessage();
            assertTrue(m.startsWith("/var/lib/postgresql/data/recovery.signal cannot become what is waited for: container"
                    + " postgres of pod postgres-r has failed 2 times (last exit 1, now CrashLoopBackOff)"), m);
            assertTrue(m.contains("FATAL:  recovery ended before configured recovery target was reached"), m);
        } finally {
            ScriptedPodExec.uninstall();
        }
    }

    private static io.fabric8.kubernetes.api.model.Pod postgresPod(int restarts) {
        var pod = Fixtures.pod(NS, "postgres-r", "postgres", restarts == 0);
        pod.getMetadata().setUid("uid-postgres-r");
        var cs = new ContainerStatusBuilder().withName("postgres").withRestartCount(restarts);
        pod.getStatus().setContainerStatuses(List.of(restarts == 0
                ? cs.withNewState().withNewRunning().endRunning().endState().build()
                : cs.withNewState().withNewWaiting().withReason("CrashLoopBackOff").endWaiting().endState()
                        .withNewLastState().withNewTerminated().withExitCode(1).endTerminated().endLastState().build()));
        return pod;
    }

    private void replicaSet(String name, String uid, int revision) {
        cluster.client.apps().replicaSets().inNamespace(NS).resource(new io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder()
                .withNewMetadata().withName(name).withUid(uid).addToAnnotations("deployment.kubernetes.io/revision",
                        String.valueOf(revision)).addNewOwnerReference().withKind("Deployment").withName("postgres")
                .withUid("d-1").withController(true).endOwnerReference().endMetadata().withNewSpec().endSpec().build())
                .create();
    }

    /** A pod whose restore initContainer has restarted {@code restarts} times and waits in CrashLoopBackOff. */
    private static io.fabric8.kubernetes.api.model.Pod restorePod(String name, String rsUid, int restarts) {
        var pod = Fixtures.pod(NS, name, "postgres", false);
        pod.getMetadata().setUid("uid-" + name);
        pod.getMetadata().setOwnerReferences(List.of(new io.fabric8.kubernetes.api.model.OwnerReferenceBuilder()
                .withKind("ReplicaSet").withName("rs").withUid(rsUid).withController(true).build()));
        pod.getStatus().setInitContainerStatuses(List.of(new ContainerStatusBuilder().withName("pgbackrest-restore")
                .withRestartCount(restarts).withNewState().withNewWaiting().withReason("CrashLoopBackOff").endWaiting()
                .endState().withNewLastState().withNewTerminated().withExitCode(1).withReason("Error").endTerminated()
                .endLastState().build()));
        return pod;
    }

    @Test
    void rolloutTimeoutShowsTheFailingInitContainersLog() throws Exception {
        cluster.client.apps().deployments().inNamespace(NS).resource(Fixtures.postgres(NS)).create();
        Fixtures.rolledOut(cluster.client, NS, "postgres");
        Deployment d = cluster.client.apps().deployments().inNamespace(NS).withName("postgres").get();
        d.getStatus().setReadyReplicas(0);
        d.getStatus().setAvailableReplicas(0);
        cluster.client.apps().deployments().inNamespace(NS).resource(d).updateStatus();
        var pod = Fixtures.pod(NS, "postgres-abc", "postgres", false);
        pod.getStatus().setInitContainerStatuses(List.of(new ContainerStatusBuilder().withName("pgbackrest-restore")
                .withRestartCount(0).withNewState().withNewTerminated().withExitCode(1).withReason("Error").endTerminated()
                .endState().build()));
        cluster.client.pods().inNamespace(NS).resource(pod).create();
        cluster.server.expect().get().withPath("/api/v1/namespaces/hasura/pods/postgres-abc/log?pretty=false"
                + "&container=pgbackrest-restore&tailLines=15")
                .andReturn(200, "runner-pg: restore r1: pgbackrest --stanza=main restore\n"
                        + "ERROR: [075]: no backup set found to restore\nrunner-pg: error: pgbackrest restore failed (exit 75)\n")
                .always();
        try (TestContext c = new TestContext(Map.of("kubeconfig", MockCluster.kubeconfig(dir, NS, cluster).toString()))) {
            c.with("name", "postgres");
            c.timeout = Duration.ofMillis(1500);
            long t0 = System.nanoTime();
            StepException e = assertThrows(StepException.class, () -> new WaitForRolloutStep().run(c));
            assertTrue(Duration.ofNanos(System.nanoTime() - t0).toSeconds() < 10, "bounded by the step timeout");
            assertTrue(e.getMessage().contains("pgbackrest-restore terminated: Error exit 1"), e.getMessage());
            assertTrue(e.getMessage().contains("log of postgres-abc/pgbackrest-restore:\n    runner-pg: restore r1"), e.getMessage());
            assertTrue(e.getMessage().contains("ERROR: [075]: no backup set found to restore"), e.getMessage());
        }
    }
}
