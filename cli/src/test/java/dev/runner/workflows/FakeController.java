package dev.runner.workflows;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * The part of Kubernetes the mock API server lacks: a Deployment controller and kubelet in one loop. For every
 * Deployment whose pod template has no pod yet it replaces the old pod by a new, Ready one (the template's labels
 * plus pod-template-hash) and reports the rollout complete in the Deployment's status; a deleted pod is
 * replaced the same way. A Job completes (or fails, as {@link #jobOutcome} says). It writes only when
 * something is out of date, so a cluster at rest sees no writes from it.
 */
final class FakeController implements AutoCloseable {
    private final KubernetesClient client;
    private final String namespace;
    private final FakePostgres postgres;
    private final Thread thread;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicInteger podSeq = new AtomicInteger();
    volatile boolean pauseDeployments;
    volatile Predicate<Job> jobOutcome = j -> true;
    /** The log of a Job's pod; by default what the archiver image's Jobs print, from {@link FakePostgres}. */
    volatile java.util.function.Function<Job, String> jobLog;
    private final Map<String, String> podLogs;

    FakeController(MockApi api, String namespace, FakePostgres postgres) {
        this.client = api.client;
        this.podLogs = api.podLogs;
        this.jobLog = postgres::jobLog;
        this.namespace = namespace;
        this.postgres = postgres;
        this.thread = new Thread(this::loop, "fake-controller");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (!stop.get()) {
            try {
                reconcile();
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // a conflict with a concurrent write: the next round sees the new state
            }
        }
    }

    synchronized void reconcile() {
        if (!pauseDeployments) {
            for (Deployment d : client.apps().deployments().inNamespace(namespace).list().getItems()) {
                reconcile(d);
            }
        }
        for (Job j : client.batch().v1().jobs().inNamespace(namespace).list().getItems()) {
            if (j.getStatus() == null || j.getStatus().getSucceeded() == null && j.getStatus().getFailed() == null) {
                boolean ok = jobOutcome.test(j);
                jobPod(j, ok);
                String type = ok ? "Complete" : "Failed";
                j.setStatus(new JobStatusBuilder().withSucceeded(ok ? 1 : null).withFailed(ok ? null : 1)
                        .addNewCondition().withType(type).withStatus("True").withReason(ok ? null : "BackoffLimitExceeded")
                        .endCondition().build());
                client.batch().v1().jobs().inNamespace(namespace).resource(j).updateStatus();
            }
        }
    }

    /** The Job's one pod, finished, with the log {@link #jobLog} gives (served by {@link MockApi#podLogs}). */
    private void jobPod(Job j, boolean ok) {
        String name = j.getMetadata().getName() + "-" + podSeq.incrementAndGet();
        client.pods().inNamespace(namespace).resource(new PodBuilder().withNewMetadata().withName(name)
                .withNamespace(namespace).addToLabels("batch.kubernetes.io/job-name", j.getMetadata().getName())
                .addNewOwnerReference().withApiVersion("batch/v1").withKind("Job").withName(j.getMetadata().getName())
                .withUid(j.getMetadata().getUid()).withController(true).endOwnerReference()
                .endMetadata().withSpec(j.getSpec().getTemplate().getSpec()).withNewStatus()
                .withPhase(ok ? "Succeeded" : "Failed").endStatus().build()).create();
        podLogs.put(name, jobLog.apply(j));
    }

    private void reconcile(Deployment d) {
        String hash = hash(d);
        Map<String, String> selector = d.getSpec().getSelector().getMatchLabels();
        List<Pod> pods = client.pods().inNamespace(namespace).withLabels(selector).list().getItems();
        boolean current = pods.stream().anyMatch(p -> hash.equals(p.getMetadata().getLabels().get("pod-template-hash")));
        if (!current) {
            for (Pod old : pods) {
                client.pods().inNamespace(namespace).resource(old).delete();
            }
            Pod pod = newPod(d, hash);
            postgres.podStarted(pod);
            client.pods().inNamespace(namespace).resource(pod).create();
        }
        Long generation = d.getMetadata().getGeneration();
        var s = d.getStatus();
        if (!current || s == null || !Objects.equals(s.getObservedGeneration(), generation)
                || !Objects.equals(s.getAvailableReplicas(), 1)) {
            d.setStatus(new DeploymentStatusBuilder().withObservedGeneration(generation).withReplicas(1)
                    .withUpdatedReplicas(1).withReadyReplicas(1).withAvailableReplicas(1)
                    .addNewCondition().withType("Available").withStatus("True").withReason("MinimumReplicasAvailable")
                    .endCondition()
                    .addNewCondition().withType("Progressing").withStatus("True").withReason("NewReplicaSetAvailable")
                    .endCondition().build());
            client.apps().deployments().inNamespace(namespace).resource(d).updateStatus();
        }
    }

    private Pod newPod(Deployment d, String hash) {
        var template = d.getSpec().getTemplate();
        Map<String, String> labels = new LinkedHashMap<>(template.getMetadata().getLabels());
        labels.put("pod-template-hash", hash);
        String now = Instant.now().toString();
        PodBuilder b = new PodBuilder().withNewMetadata()
                .withName(d.getMetadata().getName() + "-" + hash + "-" + podSeq.incrementAndGet())
                .withNamespace(namespace).withLabels(labels).withAnnotations(template.getMetadata().getAnnotations())
                .addNewOwnerReference().withApiVersion("apps/v1").withKind("ReplicaSet")
                .withName(d.getMetadata().getName() + "-" + hash).withUid("rs-" + hash).withController(true)
                .endOwnerReference()
                .endMetadata()
                .withSpec(template.getSpec())
                .withNewStatus().withPhase("Running").withStartTime(now)
                .addNewCondition().withType("Ready").withStatus("True").endCondition()
                .endStatus();
        for (var c : template.getSpec().getContainers()) {
            b.editStatus().addToContainerStatuses(new ContainerStatusBuilder().withName(c.getName()).withReady(true)
                    .withImage(c.getImage()).withRestartCount(0).withNewState().withNewRunning().withStartedAt(now)
                    .endRunning().endState().build()).endStatus();
        }
        return b.build();
    }

    static String hash(Deployment d) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256")
                    .digest(Serialization.asJson(d.getSpec().getTemplate()).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 5);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop.set(true);
        thread.interrupt();
        thread.join(5000);
    }
}
