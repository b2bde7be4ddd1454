package dev.runner.k8s.action;

import dev.runner.k8s.Kube;
import dev.runner.k8s.KubeAction;
import dev.runner.k8s.cluster.ClusterTarget;
import dev.runner.k8s.cluster.Conflicts;
import dev.runner.pgbackrest.VerifyHistory;
import dev.runner.pgbackrest.VerifyRecord;
import dev.runner.step.Observation;
import dev.runner.step.StepException;
import dev.runner.step.StepPlan;
import dev.runner.step.StepResult;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code record-verify}: keeps the result of a restore drill (the {@code VERIFY_RESULT=} line the verify Job's pod
 * printed last, passed or failed) in the target's ConfigMap {@code runner-verify-TARGET}, at most {@code keep}
 * drills, so {@code runner backups} and its metrics show the last drill and the trend. A drill that failed is
 * recorded and then fails this step with the drill's message. Each line carries the Job's uid, so a resumed run
 * does not record the same drill twice.
 */
public final class RecordVerify implements KubeAction {
    @Override
    public StepPlan plan(Kube k) throws StepException {
        String cm = VerifyHistory.configMapName(k.args().required("target"));
        return new StepPlan("record the drill of Job " + k.args().required("job") + " in ConfigMap " + cm
                + " (keeping the last " + keep(k) + ")", List.of(), true);
    }

    @Override
    public StepResult run(Kube k) throws StepException, InterruptedException {
        ClusterTarget t = k.target();
        String jobName = k.args().required("job");
        String cm = VerifyHistory.configMapName(k.args().required("target"));
        Job job = k.call("read Job " + jobName, () -> t.client().batch().v1().jobs().inNamespace(t.namespace())
                .withName(jobName).get());
        String uid = job == null ? null : job.getMetadata().getUid();
        String line = VerifyDrills.line(job == null ? null : result(k, t, job), Instant.now(), uid);
        if (uid == null || !recorded(k, t, cm, uid)) {
            append(k, t, cm, line);
        }
        VerifyRecord drill = VerifyHistory.parse(line).last().orElseThrow();
        k.log().info("recorded in ConfigMap " + cm + ": " + (drill.ok() ? "passed" : "failed: " + drill.message()));
        if (!drill.ok()) {
            throw new StepException("the restore drill of Job " + jobName + " failed: "
                    + (job == null ? "Job " + jobName + " not found" : drill.message()) + " (recorded in ConfigMap "
                    + cm + ")", false);
        }
        return StepResult.of(Map.of("configMap", cm, "ok", "true", "seconds", seconds(drill.seconds())),
                "drill recorded in " + cm);
    }

    @Override
    public Observation observe(Kube k) throws StepException, InterruptedException {
        ClusterTarget t = k.target();
        String jobName = k.args().required("job");
        String cm = VerifyHistory.configMapName(k.args().required("target"));
        Job job = k.call("read Job " + jobName, () -> t.client().batch().v1().jobs().inNamespace(t.namespace())
                .withName(jobName).get());
        if (job != null && recorded(k, t, cm, job.getMetadata().getUid())) {
            return Observation.done(Map.of("configMap", cm), "the drill of Job " + jobName + " is recorded");
        }
        return Observation.notDone("the drill of Job " + jobName + " is not recorded in " + cm);
    }

    private static String seconds(double s) {
        return s == Math.rint(s) ? Long.toString((long) s) : Double.toString(s);
    }

    private static int keep(Kube k) throws StepException {
        int keep = k.args().integer("keep").orElse(VerifyHistory.DEFAULT_KEEP);
        if (keep < 1 || keep > 500) {
            throw k.invalid("with.keep: " + keep + " is not between 1 and 500");
        }
        return keep;
    }

    private static String result(Kube k, ClusterTarget t, Job job) throws StepException, InterruptedException {
        return k.call("read the log of Job " + job.getMetadata().getName() + "'s pod", () -> VerifyDrills.result(t, job));
    }

    private static boolean recorded(Kube k, ClusterTarget t, String cm, String uid) throws StepException,
            InterruptedException {
        ConfigMap c = k.call("read ConfigMap " + cm, () -> t.client().configMaps().inNamespace(t.namespace())
                .withName(cm).get());
        return VerifyDrills.recorded(c == null || c.getData() == null ? "" : c.getData().get(VerifyHistory.KEY), uid);
    }

    private static void append(Kube k, ClusterTarget t, String cm, String line) throws StepException,
            InterruptedException {
        int keep = keep(k);
        var configMaps = t.client().configMaps().inNamespace(t.namespace());
        ConfigMap existing = k.call("read ConfigMap " + cm, () -> configMaps.withName(cm).get());
        if (existing == null) {
            ConfigMap fresh = new ConfigMapBuilder().withNewMetadata().withName(cm)
                    .addToLabels("app.kubernetes.io/managed-by", "runner")
                    .addToLabels("app.kubernetes.io/component", "verify-backup").endMetadata()
                    .addToData(VerifyHistory.KEY, VerifyHistory.append("", line, keep)).build();
            try {
                k.call("create ConfigMap " + cm, () -> configMaps.resource(fresh).create());
                return;
            } catch (StepException e) {
                if (!dev.runner.k8s.cluster.Calls.isConflict(e)) {
                    throw e;
                }
                // created meanwhile by another drill: append to it below
            }
        }
        Conflicts.readModifyWrite(k.ctx(), "ConfigMap " + cm, () -> configMaps.withName(cm).get(), c -> {
            ConfigMap copy = new ConfigMapBuilder(c).build();
            Map<String, String> data = new java.util.LinkedHashMap<>(copy.getData() == null ? Map.of() : copy.getData());
            String merged = VerifyDrills.merge(data.get(VerifyHistory.KEY), List.of(line), keep);
            if (merged == null) {
                return null;
            }
            data.put(VerifyHistory.KEY, merged);
            copy.setData(data);
            return copy;
        }, c -> configMaps.resource(c).update());
    }
}
