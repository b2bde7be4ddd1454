package dev.runner.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.k8s.cluster.ExecResult;
import dev.runner.step.Observation;
import dev.runner.step.StepException;
import dev.runner.step.StepResult;
import io.fabric8.kubernetes.api.model.Pod;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** exec, wait-for-file (through a fake PodExec) and delete-pod. */
class PodStepsTest {
    static final String NS = "hasura";
    @TempDir
    Path dir;
    MockCluster cluster;
    TestContext run;

    @BeforeEach
    void setUp() {
        cluster = new MockCluster("a");
        run = new TestContext(Map.of("kubeconfig", MockCluster.kubeconfig(dir, NS, cluster).toString()));
        cluster.client.pods().inNamespace(NS).resource(Fixtures.pod(NS, "postgres-1", "postgres", false)).create();
        cluster.client.pods().inNamespace(NS).resource(Fixtures.pod(NS, "postgres-2", "postgres", true)).create();
    }

    @AfterEach
    void tearDown() throws Exception {
        FakePodExec.uninstall();
        run.close();
        cluster.close();
    }

    @Test
    void execPicksTheReadyPodAndPublishesOutputs() throws Exception {
        FakePodExec.install(cmd -> new ExecResult(0, "archived 3 segments\n", ""));
        StepResult r = new ExecStep().run(run.next().with("selector", "app=postgres")
                .with("command", "pgbackrest --stanza=main check"));
        assertEquals(Map.of("exitCode", "0", "stdout", "archived 3 segments", "stderr", "", "pod", "postgres-2"),
                r.outputs());
        assertEquals(List.of("hasura/postgres-2/postgres: sh -c pgbackrest --stanza=main check"), FakePodExec.calls);
    }

    @Test
    void execFailsOnANonZeroExitUnlessToldNotTo() throws Exception {
        FakePodExec.install(cmd -> new ExecResult(3, "", "stanza missing\n"));
        StepException e = assertThrows(StepException.class, () -> new ExecStep().run(run.next()
                .with("pod", "postgres-1").with("container", "postgres").with("command", List.of("false"))));
        assertTrue(e.getMessage().contains("exited with 3: stanza missing"), e.getMessage());
        StepResult r = new ExecStep().run(run.next().with("pod", "postgres-1").with("command", List.of("false"))
                .with("failOnError", false));
        assertEquals("3", r.outputs().get("exitCode"));
        assertEquals("stanza missing", r.outputs().get("stderr"));
    }

    @Test
    void waitForFileWaitsUntilTheFileIsGone() throws Exception {
        AtomicBoolean present = new AtomicBoolean(true);
        FakePodExec.install(cmd -> new ExecResult(present.get() ? 0 : 1, "", ""));
        TestContext c = run.next().with("selector", "app=postgres").with("path", "/data/recovery.signal")
                .with("state", "absent").with("interval", "100ms");
        assertEquals(Observation.State.NOT_DONE, new WaitForFileStep().observe(c).state());
        CompletableFuture<StepResult> f = CompletableFuture.supplyAsync(() -> {
            try {
                return new WaitForFileStep().run(c);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        Thread.sleep(400);
        assertFalse(f.isDone());
        present.set(false);
        assertEquals("absent", f.get(5, TimeUnit.SECONDS).outputs().get("state"));
        assertTrue(FakePodExec.calls.size() >= 3, FakePodExec.calls.toString());
        assertEquals("hasura/postgres-2/postgres: test -e /data/recovery.signal", FakePodExec.calls.get(0));
    }

    @Test
    void waitForFileTimesOutWithTheLastCheck() {
        FakePodExec.install(cmd -> new ExecResult(1, "", ""));
        TestContext c = run.next().with("pod", "postgres-2").with("path", "/data/ready").with("interval", "100ms");
        c.timeout = Duration.ofMillis(800);
        StepException e = assertThrows(StepException.class, () -> new WaitForFileStep().run(c));
        assertTrue(e.getMessage().contains("did not become present") && e.getMessage().contains("postgres-2: /data/ready absent"),
                e.getMessage());
    }

    @Test
    void deletePodWaitsForReadyReplacementsWithNewUids() throws Exception {
        for (String n : List.of("postgres-1", "postgres-2")) {
            cluster.client.pods().inNamespace(NS).withName(n).edit(p -> {
                p.getMetadata().setOwnerReferences(List.of(new io.fabric8.kubernetes.api.model.OwnerReferenceBuilder()
                        .withKind("ReplicaSet").withName("postgres-abc").withUid("rs-1").withApiVersion("apps/v1")
                        .build()));
                return p;
            });
        }
        CompletableFuture<StepResult> f = CompletableFuture.supplyAsync(() -> {
            try {
                return new DeletePodStep().run(run.next().with("selector", "app=postgres"));
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        // the ReplicaSet controller's part: new pods, first not ready, then ready
        waitUntil(() -> cluster.client.pods().inNamespace(NS).list().getItems().isEmpty());
        cluster.client.pods().inNamespace(NS).resource(Fixtures.pod(NS, "postgres-3", "postgres", false)).create();
        Pod other = Fixtures.pod(NS, "unrelated", "auth", true);
        cluster.client.pods().inNamespace(NS).resource(other).create();
        cluster.client.pods().inNamespace(NS).resource(Fixtures.pod(NS, "postgres-4", "postgres", true)).create();
        Thread.sleep(300);
        assertFalse(f.isDone(), "one replacement is not ready yet");
        Pod p3 = Fixtures.pod(NS, "postgres-3", "postgres", true);
        cluster.client.pods().inNamespace(NS).resource(p3).update();
        StepResult r = f.get(10, TimeUnit.SECONDS);
        assertEquals("postgres-1,postgres-2", r.outputs().get("deleted"));
        assertEquals(List.of("postgres-3", "postgres-4"), List.of(r.outputs().get("replacements").split(",")).stream()
                .sorted().toList());
    }

    private static void waitUntil(java.util.function.BooleanSupplier cond) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("condition not reached");
            }
            Thread.sleep(20);
        }
    }
}
