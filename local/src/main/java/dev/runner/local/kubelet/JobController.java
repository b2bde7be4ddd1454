package dev.runner.local.kubelet;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Jobs run to completion: pods are created from the template up to parallelism until {@code completions} pods
 * succeeded (condition Complete) or more than {@code backoffLimit} failed (condition Failed, reason
 * BackoffLimitExceeded; with restartPolicy OnFailure, container restarts count as failures). Failed pods stay, so
 * their logs can be read. CronJobs are not scheduled: a run is a Job created from the jobTemplate (kubectl create job
 * --from=cronjob/…), which this controller then runs like any other Job.
 */
final class JobController {
    private final KubernetesClient client;

    JobController(KubernetesClient client) {
        this.client = client;
    }

    void reconcile(List<Pod> pods) {
        List<Job> jobs = client.batch().v1().jobs().inAnyNamespace().list().getItems();
        Set<String> uids = jobs.stream().map(j -> j.getMetadata().getUid()).collect(Collectors.toSet());
        for (Pod p : pods) {
            String owner = Owners.controllerUid(p, "Job");
            if (owner != null && !uids.contains(owner)) {
                DeploymentController.delete(() -> client.resource(p).delete());
            }
        }
        for (Job j : jobs) {
            try {
                reconcile(j, pods.stream().filter(p -> j.getMetadata().getUid().equals(Owners.controllerUid(p, "Job")))
                        .toList());
            } catch (KubernetesClientException e) {
                // retried on the next pass
            }
        }
    }

    private void reconcile(Job job, List<Pod> pods) {
        JobStatus old = job.getStatus() == null ? new JobStatus() : job.getStatus();
        if (finished(old)) {
            return;
        }
        var spec = job.getSpec();
        int completions = spec.getCompletions() == null ? 1 : spec.getCompletions();
        int parallelism = spec.getParallelism() == null ? 1 : spec.getParallelism();
        int backoffLimit = spec.getBackoffLimit() == null ? 6 : spec.getBackoffLimit();
        int succeeded = count(pods, "Succeeded");
        int failed = count(pods, "Failed") + pods.stream().filter(p -> !terminal(p)).mapToInt(JobController::restarts)
                .sum();
        List<Pod> active = pods.stream().filter(p -> !terminal(p)).toList();
        JobStatus status = Serialization.clone(old);
        if (status.getStartTime() == null) {
            status.setStartTime(ContainerRun.now());
        }
        List<JobCondition> conditions = new ArrayList<>();
        if (succeeded >= completions) {
            status.setCompletionTime(ContainerRun.now());
            conditions.add(condition("SuccessCriteriaMet", "CompletionsReached", "Reached expected number of succeeded pods"));
            conditions.add(condition("Complete", "CompletionsReached", "Reached expected number of succeeded pods"));
            event(job, "Normal", "Completed", "Job completed");
        } else if (failed > backoffLimit) {
            active.forEach(p -> DeploymentController.delete(() -> client.resource(p).delete()));
            active = List.of();
            conditions.add(condition("FailureTarget", "BackoffLimitExceeded", "Job has reached the specified backoff limit"));
            conditions.add(condition("Failed", "BackoffLimitExceeded", "Job has reached the specified backoff limit"));
            event(job, "Warning", "BackoffLimitExceeded", "Job has reached the specified backoff limit");
        } else if (!Boolean.TRUE.equals(spec.getSuspend())) {
            int want = Math.min(parallelism, completions - succeeded) - active.size();
            for (int i = 0; i < want; i++) {
                Pod pod;
                try {
                    pod = client.pods().inNamespace(job.getMetadata().getNamespace()).resource(newPod(job)).create();
                } catch (KubernetesClientException e) {
                    Events.failedCreate(client, job, e, "job-controller");
                    throw e;
                }
                event(job, "Normal", "SuccessfulCreate", "Created pod: " + pod.getMetadata().getName());
            }
        }
        status.setActive(active.size());
        status.setSucceeded(succeeded);
        status.setFailed(failed);
        status.setReady((int) active.stream().filter(DeploymentController::isReady).count());
        if (!conditions.isEmpty()) {
            status.setConditions(conditions);
        }
        if (!status.equals(old)) {
            StatusWriter.update(client, client.batch().v1().jobs().inNamespace(job.getMetadata().getNamespace())
                    .withName(job.getMetadata().getName()), fresh -> {
                        if (!fresh.getMetadata().getUid().equals(job.getMetadata().getUid())) {
                            return false;
                        }
                        fresh.setStatus(status);
                        return true;
                    });
        }
    }

    static boolean finished(JobStatus s) {
        return s.getConditions() != null && s.getConditions().stream().anyMatch(c -> "True".equals(c.getStatus())
                && ("Complete".equals(c.getType()) || "Failed".equals(c.getType())));
    }

    private static Pod newPod(Job job) {
        var t = job.getSpec().getTemplate();
        String name = job.getMetadata().getName();
        String uid = job.getMetadata().getUid();
        Map<String, String> labels = new LinkedHashMap<>(t.getMetadata() == null || t.getMetadata().getLabels() == null
                ? Map.of() : t.getMetadata().getLabels());
        labels.put("job-name", name);
        labels.put("batch.kubernetes.io/job-name", name);
        labels.put("controller-uid", uid);
        labels.put("batch.kubernetes.io/controller-uid", uid);
        var spec = Serialization.clone(t.getSpec());
        if (spec.getRestartPolicy() == null || "Always".equals(spec.getRestartPolicy())) {
            spec.setRestartPolicy("Never");
        }
        return new PodBuilder().withNewMetadata().withName(name + "-" + Owners.randomSuffix(5))
                .withNamespace(job.getMetadata().getNamespace()).withLabels(labels)
                .withOwnerReferences(Owners.controllerRef(job)).endMetadata().withSpec(spec).build();
    }

    private static JobCondition condition(String type, String reason, String message) {
        String now = ContainerRun.now();
        return new JobConditionBuilder().withType(type).withStatus("True").withReason(reason).withMessage(message)
                .withLastProbeTime(now).withLastTransitionTime(now).build();
    }

    private void event(Job job, String type, String reason, String message) {
        Events.record(client, job, type, reason, message, "job-controller");
    }

    private static int count(List<Pod> pods, String phase) {
        return (int) pods.stream().filter(p -> p.getStatus() != null && phase.equals(p.getStatus().getPhase())).count();
    }

    private static boolean terminal(Pod p) {
        return p.getStatus() != null && ("Succeeded".equals(p.getStatus().getPhase())
                || "Failed".equals(p.getStatus().getPhase()));
    }

    private static int restarts(Pod p) {
        if (p.getStatus() == null || !"OnFailure".equals(p.getSpec().getRestartPolicy())) {
            return 0;
        }
        return p.getStatus().getContainerStatuses().stream().mapToInt(c -> c.getRestartCount() == null ? 0
                : c.getRestartCount()).sum();
    }
}
