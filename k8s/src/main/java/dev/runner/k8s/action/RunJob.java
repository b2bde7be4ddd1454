package dev.runner.k8s.action;

import dev.runner.k8s.Kube;
import dev.runner.k8s.KubeAction;
import dev.runner.k8s.cluster.Calls;
import dev.runner.k8s.cluster.ClusterTarget;
import dev.runner.k8s.cluster.KubeObjects;
import dev.runner.k8s.cluster.Waits;
import dev.runner.k8s.manifest.Manifests;
import dev.runner.k8s.manifest.Refs;
import dev.runner.step.Observation;
import dev.runner.step.StepException;
import dev.runner.step.StepPlan;
import dev.runner.step.StepResult;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * {@code run-job}: creates a Job from {@code job:} (a JobSpec) or from a CronJob's jobTemplate
 * ({@code fromCronJob:}, like {@code kubectl create job --from=cronjob/NAME}), watches it to completion, and on
 * failure prints the last lines of the failed pod's log. With {@code logOutputs} marked lines of the succeeded pod's
 * log become step outputs (see {@link JobLogOutputs}).
 */
public final class RunJob implements KubeAction {
    static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(30);

    @Override
    public StepPlan plan(Kube k) throws StepException {
        String from = k.args().str("fromCronJob").map(c -> " from CronJob " + c).orElse("");
        String name = k.args().str("name").orElse("(generated name)");
        String outputs = JobLogOutputs.wanted(k) ? "; outputs from its log: "
                + String.join(", ", k.args().map("logOutputs").keySet()) : "";
        var online = k.online();
        return online.isEmpty() ? Plans.offline("run Job " + name + from + " and wait for it" + outputs, List.of())
                : StepPlan.of("run Job " + online.get().where() + "/" + name + from + " and wait for it" + outputs);
    }

    @Override
    public StepResult run(Kube k) throws StepException, InterruptedException {
        ClusterTarget t = k.target();
        Job created = createOrAdopt(k, t, build(k, t));
        String name = created.getMetadata().getName();
        k.log().info("running Job " + t.namespace() + "/" + name);
        Waits.Deadline deadline = k.deadline(DEFAULT_TIMEOUT);
        Job done;
        try {
            done = Waits.await(k.ctx(), t.client().batch().v1().jobs().inNamespace(t.namespace()).withName(name)
                    .informOnCondition(l -> !l.isEmpty() && (succeeded(l.get(0)) || failed(l.get(0)) != null)),
                    deadline).get(0);
        } catch (TimeoutException e) {
            throw new StepException("Job " + name + " did not finish in " + deadline.total() + logs(k, t, created), true);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof KubernetesClientException kce ? Calls.failure("watch Job " + name, kce)
                    : new StepException("watch Job " + name + ": " + e.getCause(), true, e.getCause());
        }
        if (!succeeded(done)) {
            throw new StepException("Job " + name + " failed: " + failed(done) + logs(k, t, done), false);
        }
        Map<String, String> out = new LinkedHashMap<>(Map.of("job", name));
        if (JobLogOutputs.wanted(k)) {
            out.putAll(JobLogOutputs.read(k, t, done));
        }
        return StepResult.of(out, "Job " + name + " succeeded");
    }

    @Override
    public Observation observe(Kube k) throws StepException, InterruptedException {
        if (!k.args().has("name")) {
            return Observation.unknown("the Job has a generated name; it cannot be found again");
        }
        ClusterTarget t = k.target();
        String name = k.args().required("name");
        Job j = k.call("read Job " + name, () -> t.client().batch().v1().jobs().inNamespace(t.namespace())
                .withName(name).get());
        if (j == null || !succeeded(j)) {
            return Observation.notDone(j == null ? "no such Job" : "Job has not succeeded");
        }
        Map<String, String> out = new LinkedHashMap<>(Map.of("job", name));
        if (JobLogOutputs.wanted(k)) {
            try {
                out.putAll(JobLogOutputs.read(k, t, j));
            } catch (StepException e) {
                return Observation.notDone("the Job succeeded but its log outputs cannot be read again ("
                        + e.getMessage() + ")");
            }
        }
        return Observation.done(out, "Job succeeded");
    }

    private static Job build(Kube k, ClusterTarget t) throws StepException, InterruptedException {
        Job job;
        String base;
        if (k.args().has("fromCronJob")) {
            base = k.args().required("fromCronJob");
            job = fromCronJob(k, t, base);
        } else if (k.args().has("file") || k.args().has("manifest")) {
            List<Map<String, Object>> docs = Manifests.load(k.args(), k.ctx().baseDir());
            if (docs.size() != 1 || !"Job".equals(Refs.kind(docs.get(0)))) {
                throw k.invalid("with.file/manifest must hold exactly one Job");
            }
            job = (Job) KubeObjects.typed(t.client(), Refs.withNamespace(docs.get(0), t.namespace()));
            base = job.getMetadata().getName();
        } else if (k.args().has("job")) {
            job = new JobBuilder().withSpec(t.client().getKubernetesSerialization()
                    .convertValue(k.args().map("job"), JobSpec.class)).build();
            base = k.stepId().replaceAll("[^a-z0-9-]", "-");
        } else {
            throw k.invalid("give with.job (a Job spec), with.file/manifest (a Job) or with.fromCronJob");
        }
        String name = k.args().str("name").orElse(job.getMetadata() == null ? null : job.getMetadata().getName());
        String ns = job.getMetadata() == null || job.getMetadata().getNamespace() == null ? t.namespace()
                : job.getMetadata().getNamespace();
        return new JobBuilder(job).editOrNewMetadata().withNamespace(ns).withName(name).withGenerateName(name == null ? trim(base) + "-" : null)
                .addToLabels("app.kubernetes.io/managed-by", "runner").endMetadata().build();
    }

    private static Job fromCronJob(Kube k, ClusterTarget t, String cron) throws StepException, InterruptedException {
        CronJob cj = k.call("read CronJob " + cron, () -> t.client().batch().v1().cronjobs()
                .inNamespace(t.namespace()).withName(cron).get());
        if (cj == null) {
            throw new StepException("CronJob " + t.where() + "/" + cron + " not found", true);
        }
        var tmpl = cj.getSpec().getJobTemplate();
        return new JobBuilder().withSpec(tmpl.getSpec()).withNewMetadata()
                .withLabels(tmpl.getMetadata() == null ? null : tmpl.getMetadata().getLabels())
                .addToAnnotations("cronjob.kubernetes.io/instantiate", "manual")
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("batch/v1").withKind("CronJob")
                        .withName(cron).withUid(cj.getMetadata().getUid()).build())
                .endMetadata().build();
    }

    /**
     * A Job with a fixed name may exist from an earlier run: still running, it is adopted and waited for (a
     * resumed run); finished, it is deleted (with its pods) so it can run again. Returns the Job to wait for.
     */
    private static Job createOrAdopt(Kube k, ClusterTarget t, Job job) throws StepException, InterruptedException {
        var jobs = t.client().batch().v1().jobs().inNamespace(job.getMetadata().getNamespace());
        String name = job.getMetadata().getName();
        if (name != null) {
            Job old = k.call("read Job " + name, () -> jobs.withName(name).get());
            if (old != null && !succeeded(old) && failed(old) == null) {
                k.log().info("Job " + name + " is already running; waiting for it");
                return old;
            }
            if (old != null) {
                k.log().info("deleting the finished Job " + name + " of an earlier run");
                k.call("delete Job " + name, () -> jobs.withName(name)
                        .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete());
                try {
                    Waits.await(k.ctx(), jobs.withName(name).informOnCondition(List::isEmpty),
                            k.deadline(Duration.ofMinutes(2)));
                } catch (TimeoutException | ExecutionException e) {
                    throw new StepException("the earlier Job " + name + " is not gone yet; try again", true);
                }
            }
        }
        return k.call("create Job", () -> jobs.resource(job).create());
    }

    static boolean succeeded(Job j) {
        var s = j.getStatus();
        if (s == null) {
            return false;
        }
        int completions = j.getSpec().getCompletions() == null ? 1 : j.getSpec().getCompletions();
        return condition(j, "Complete") || (s.getSucceeded() != null && s.getSucceeded() >= completions);
    }

    /** Why the Job failed, or null while it has not. */
    static String failed(Job j) {
        var s = j.getStatus();
        if (s == null) {
            return null;
        }
        if (s.getConditions() != null) {
            for (var c : s.getConditions()) {
                if ("Failed".equals(c.getType()) && "True".equals(c.getStatus())) {
                    return c.getReason() + (c.getMessage() == null ? "" : ": " + c.getMessage());
                }
            }
        }
        int limit = j.getSpec().getBackoffLimit() == null ? 6 : j.getSpec().getBackoffLimit();
        return s.getFailed() != null && s.getFailed() > limit ? s.getFailed() + " pod(s) failed" : null;
    }

    private static boolean condition(Job j, String type) {
        return j.getStatus().getConditions() != null && j.getStatus().getConditions().stream()
                .anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** The tail of the log of the Job's most recent failed pod (else its most recent pod), as message lines. */
    private static String logs(Kube k, ClusterTarget t, Job job) {
        try {
            Pod pod = JobPods.latest(JobPods.of(t, job), "Failed").orElse(null);
            if (pod == null) {
                return "\n  (no pod of the Job found)";
            }
            int lines = Integer.parseInt(k.args().str("logLines").orElse("50"));
            String log = k.ctx().mask(t.client().pods().inNamespace(t.namespace()).withName(JobPods.name(pod))
                    .tailingLines(lines).getLog());
            StringBuilder sb = new StringBuilder("\n  last " + lines + " log lines of pod " + JobPods.name(pod) + ":");
            for (String line : log.split("\n")) {
                sb.append("\n    ").append(line);
                k.log().warn(JobPods.name(pod) + ": " + line);
            }
            return sb.toString();
        } catch (KubernetesClientException e) {
            return "\n  (logs unavailable: " + Calls.reason(e) + ")";
        }
    }

    private static String trim(String base) {
        String s = base.length() > 50 ? base.substring(0, 50) : base;
        return s.replaceAll("-+$", "");
    }
}
