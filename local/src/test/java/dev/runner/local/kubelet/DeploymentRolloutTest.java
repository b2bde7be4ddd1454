package dev.runner.local.kubelet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.local.LocalEnvironment;
import dev.runner.local.Testbed;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Deployment controller follows the strategy, seen through the API and the real {@code kubectl rollout
 * status}. Pods are shell processes (the process runtime, chosen explicitly) whose readiness the test controls: a pod is Ready once the file
 * {@code ready-<pod name>} exists in the test's marker directory.
 */
class DeploymentRolloutTest {
    static final Duration T = Duration.ofSeconds(40);
    static LocalEnvironment env;
    static KubernetesClient c;
    static Path marks;

    @BeforeAll
    static void start() throws Exception {
        Path dir = Testbed.tempDir("rollout-test");
        marks = Files.createDirectories(dir.resolve("marks"));
        // The controller's semantics are the subject, not the runtime: pods are host shell processes whose
        // readiness and stop the test reads from marker files on the host (the container runtime has its own tests)
        env = LocalEnvironment.start(dir.resolve("env"), Testbed.entrypoint(), false, List.of("k"),
                dev.runner.local.PodRuntime.PROCESSES);
        c = env.cluster("k").client();
    }

    @AfterAll
    static void stop() {
        if (env != null) {
            env.close();
        }
    }

    /** A Deployment of {@code replicas} shell pods; on TERM a pod writes {@code stopped-<name>} after 2 s. */
    private static Deployment app(String ns, String name, int replicas, String strategyYaml) {
        var d = new DeploymentBuilder().withNewMetadata().withName(name).withNamespace(ns).endMetadata()
                .withNewSpec().withReplicas(replicas).withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata().withNewSpec()
                .addNewContainer().withName("app").withImage("busybox:1.36")
                .withEnv(new EnvVarBuilder().withName("POD").withNewValueFrom().withNewFieldRef()
                        .withFieldPath("metadata.name").endFieldRef().endValueFrom().build(),
                        new EnvVarBuilder().withName("MARKS").withValue(marks.toString()).build(),
                        new EnvVarBuilder().withName("VERSION").withValue("1").build())
                .withCommand("sh", "-c", "touch $MARKS/started-$POD; trap 'sleep 2; touch $MARKS/stopped-$POD; exit 0'"
                        + " TERM; while true; do sleep 0.2; done")
                .withNewReadinessProbe().withNewExec().withCommand("sh", "-c", "test -f $MARKS/ready-$POD").endExec()
                .withPeriodSeconds(1).endReadinessProbe()
                .endContainer().withTerminationGracePeriodSeconds(10L).endSpec().endTemplate().endSpec().build();
        if (strategyYaml != null) {
            d.getSpec().setStrategy(io.fabric8.kubernetes.client.utils.Serialization.unmarshal(strategyYaml,
                    io.fabric8.kubernetes.api.model.apps.DeploymentStrategy.class));
        }
        return d;
    }

    private static void namespace(String ns) {
        c.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata()
                .withName(ns).endMetadata().build()).create();
    }

    private static List<Pod> pods(String ns, String app) {
        return c.pods().inNamespace(ns).withLabel("app", app).list().getItems();
    }

    private static void makeReady(Pod p) throws Exception {
        Files.createFile(marks.resolve("ready-" + p.getMetadata().getName()));
    }

    private static void changeTemplate(String ns, String name, String version) {
        c.apps().deployments().inNamespace(ns).withName(name).edit(d -> {
            d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().get(2).setValue(version);
            return d;
        });
    }

    private static Pod onlyPod(String ns, String app, String version) {
        return Testbed.await(T, "a pod of version " + version, () -> pods(ns, app).stream()
                .filter(p -> p.getSpec().getContainers().get(0).getEnv().get(2).getValue().equals(version))
                .findFirst().orElse(null));
    }

    private static Deployment deployment(String ns, String name) {
        return c.apps().deployments().inNamespace(ns).withName(name).get();
    }

    private static Deployment rolledOut(String ns, String name) {
        return Testbed.await(T, name + " rolled out", () -> {
            Deployment d = deployment(ns, name);
            var s = d.getStatus();
            return s != null && d.getMetadata().getGeneration().equals(s.getObservedGeneration())
                    && s.getUpdatedReplicas() != null && s.getUpdatedReplicas().equals(d.getSpec().getReplicas())
                    && s.getReplicas().equals(d.getSpec().getReplicas())
                    && s.getAvailableReplicas() != null && s.getAvailableReplicas().equals(d.getSpec().getReplicas())
                    ? d : null;
        });
    }

    private static String rolloutStatus(String ns, String name, String timeout, int expectedExit) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("kubectl", "--kubeconfig", env.kubeconfig().toString(),
                "--context", "k", "-n", ns, "rollout", "status", "deploy/" + name, "--timeout=" + timeout));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(expectedExit, p.exitValue(), out);
        return out;
    }

    private static DeploymentCondition condition(Deployment d, String type) {
        return d.getStatus().getConditions().stream().filter(x -> x.getType().equals(type)).findFirst()
                .orElseThrow();
    }

    @Test
    void rollingUpdateAtOneReplicaStartsTheNewPodBeforeTheOldOneStops() throws Exception {
        String ns = "rolling";
        namespace(ns);
        c.apps().deployments().inNamespace(ns).resource(app(ns, "web", 1, null)).create();
        Pod first = onlyPod(ns, "web", "1");
        makeReady(first);
        rolledOut(ns, "web");
        assertTrue(rolloutStatus(ns, "web", "20s", 0).contains("deployment \"web\" successfully rolled out"));

        changeTemplate(ns, "web", "2");
        Pod second = onlyPod(ns, "web", "2");
        Thread.sleep(3000); // the new pod is not Ready: with maxUnavailable 0 the old one must stay
        assertTrue(pods(ns, "web").stream().anyMatch(p -> p.getMetadata().getUid().equals(first.getMetadata()
                .getUid())), "the old pod still runs beside the new one (surge 1)");
        assertFalse(Files.exists(marks.resolve("stopped-" + first.getMetadata().getName())));
        Deployment mid = deployment(ns, "web");
        assertEquals(2, mid.getStatus().getReplicas());
        assertEquals(1, mid.getStatus().getUpdatedReplicas());
        assertEquals(1, mid.getStatus().getAvailableReplicas());
        assertEquals("ReplicaSetUpdated", condition(mid, "Progressing").getReason().replace("NewReplicaSetCreated",
                "ReplicaSetUpdated"));
        String waiting = rolloutStatus(ns, "web", "2s", 1);
        assertTrue(waiting.contains("Waiting for deployment \"web\" rollout to finish: 1 old replicas are pending "
                + "termination..."), waiting);

        makeReady(second);
        Deployment done = rolledOut(ns, "web");
        assertEquals("NewReplicaSetAvailable", condition(done, "Progressing").getReason());
        assertEquals("2", done.getMetadata().getAnnotations().get("deployment.kubernetes.io/revision"));
        Testbed.await(T, "old pod stopped", () -> Files.exists(marks.resolve("stopped-" + first.getMetadata()
                .getName())) ? true : null);
        assertTrue(rolloutStatus(ns, "web", "20s", 0).contains("successfully rolled out"));
    }

    @Test
    void recreateStartsTheNewPodOnlyAfterTheOldOneHasStopped() throws Exception {
        String ns = "recreate";
        namespace(ns);
        c.apps().deployments().inNamespace(ns).resource(app(ns, "db", 1, "{\"type\":\"Recreate\"}")).create();
        Pod first = onlyPod(ns, "db", "1");
        makeReady(first);
        rolledOut(ns, "db");

        changeTemplate(ns, "db", "2");
        Pod second = onlyPod(ns, "db", "2");
        Path stopped = marks.resolve("stopped-" + first.getMetadata().getName());
        Path started = Testbed.await(T, "new pod started", () -> {
            Path p = marks.resolve("started-" + second.getMetadata().getName());
            return Files.exists(p) ? p : null;
        });
        assertTrue(Files.exists(stopped), "the old pod had stopped before the new one was even created");
        assertFalse(Files.getLastModifiedTime(started).toInstant().isBefore(Files.getLastModifiedTime(stopped)
                .toInstant()), "the new pod started after the old one stopped");
        makeReady(second);
        rolledOut(ns, "db");
    }

    @Test
    void minReadySecondsDelaysAvailability() throws Exception {
        String ns = "min-ready";
        namespace(ns);
        Deployment d = app(ns, "slow", 1, null);
        d.getSpec().setMinReadySeconds(4);
        c.apps().deployments().inNamespace(ns).resource(d).create();
        Pod pod = onlyPod(ns, "slow", "1");
        makeReady(pod);
        Deployment available = rolledOut(ns, "slow");
        // measured on the cluster's own clocks (seconds), not on when this test happened to look
        Instant readySince = Instant.parse(c.pods().inNamespace(ns).withName(pod.getMetadata().getName()).get()
                .getStatus().getConditions().stream().filter(k -> k.getType().equals("Ready")).findFirst()
                .orElseThrow().getLastTransitionTime());
        Instant availableSince = Instant.parse(condition(available, "Available").getLastTransitionTime());
        assertTrue(!availableSince.isBefore(readySince.plusSeconds(3)), "available " + availableSince
                + ", ready since " + readySince + ": not before minReadySeconds (4 s, to the second)");
        assertEquals("True", condition(available, "Available").getStatus());
    }

    @Test
    void noProgressWithinTheDeadlineIsProgressDeadlineExceeded() throws Exception {
        String ns = "deadline";
        namespace(ns);
        Deployment d = app(ns, "stuck", 1, null);
        d.getSpec().setProgressDeadlineSeconds(3);
        c.apps().deployments().inNamespace(ns).resource(d).create();
        Deployment timedOut = Testbed.await(T, "deadline exceeded", () -> {
            Deployment x = deployment(ns, "stuck");
            return x.getStatus() != null && x.getStatus().getConditions() != null && x.getStatus().getConditions()
                    .stream().anyMatch(k -> k.getType().equals("Progressing") && k.getStatus().equals("False"))
                    ? x : null;
        });
        assertEquals("ProgressDeadlineExceeded", condition(timedOut, "Progressing").getReason());
        String out = rolloutStatus(ns, "stuck", "20s", 1);
        assertTrue(out.contains("error: deployment \"stuck\" exceeded its progress deadline"), out);
    }
}
