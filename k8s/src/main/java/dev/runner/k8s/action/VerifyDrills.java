package dev.runner.k8s.action;

import dev.runner.k8s.cluster.ClusterTarget;
import dev.runner.pgbackrest.VerifyHistory;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Restore drills as their Jobs leave them: the {@code VERIFY_RESULT=} line of a Job's pod, the history line it
 * becomes (carrying the Job's uid, so a drill is kept once however often it is looked at), and the finished drills
 * of the scheduled verify CronJob that no one has kept yet. The CronJob's pods have no API access (they restore a
 * backup, nothing more), so whoever reads the history next — {@code record-verify}, {@code runner backups}, its
 * {@code --serve} exporter — keeps them; the CronJob's job history limits leave each drill there for a few runs.
 */
public final class VerifyDrills {
    public static final String JOB_UID = "jobUid";
    /** Label of the drill Jobs (set on the CronJob's job template): the target whose history they belong to. */
    public static final String TARGET_LABEL = "runner.dev/verify-target";
    /** Annotation of the drill Jobs: how many drills the target's history keeps. */
    public static final String KEEP_ANNOTATION = "runner.dev/keep-drills";

    /** Finished drills not kept yet, oldest first, and how many drills the history keeps. */
    public record Unrecorded(List<String> lines, int keep) {}

    private VerifyDrills() {
    }

    /** The rest of the last {@code VERIFY_RESULT=} line of the Job's latest pod, or null when there is none. */
    static String result(ClusterTarget t, Job job) {
        Optional<Pod> pod = JobPods.latest(JobPods.of(t, job), "Failed");
        if (pod.isEmpty()) {
            return null;
        }
        String log = t.client().pods().inNamespace(t.namespace()).withName(JobPods.name(pod.get()))
                .inContainer(pod.get().getSpec().getContainers().get(0).getName())
                .tailingLines(JobLogOutputs.TAIL_LINES).getLog();
        String found = null;
        for (String l : (log == null ? "" : log).split("\n")) {
            if (l.startsWith(VerifyHistory.MARKER)) {
                found = l.substring(VerifyHistory.MARKER.length()).strip();
            }
        }
        return found;
    }

    /** The history line of a drill, with the uid of its Job when known. */
    static String line(String result, Instant finished, String jobUid) {
        String line = VerifyHistory.line(result, finished);
        return jobUid == null ? line : line.substring(0, line.length() - 1) + ",\"" + JOB_UID + "\":\"" + jobUid + "\"}";
    }

    static boolean recorded(String history, String jobUid) {
        return history != null && history.contains("\"" + JOB_UID + "\":\"" + jobUid + "\"");
    }

    /** {@code history} with the drills of {@code lines} it does not hold yet, the newest {@code keep}; null: no change. */
    public static String merge(String history, List<String> lines, int keep) {
        String text = history == null ? "" : history;
        boolean changed = false;
        for (String line : lines) {
            String uid = uidOf(line);
            if (uid == null || !recorded(text, uid)) {
                text = VerifyHistory.append(text, line, keep);
                changed = true;
            }
        }
        return changed ? text : null;
    }

    /** The history lines of {@code target}'s finished drill Jobs that {@code history} does not hold. */
    public static Unrecorded unrecorded(ClusterTarget t, String target, String history) {
        List<Job> finished = new ArrayList<>(t.client().batch().v1().jobs().inNamespace(t.namespace())
                .withLabel(TARGET_LABEL, target).list().getItems().stream()
                .filter(j -> finishedAt(j).isPresent() && !recorded(history, j.getMetadata().getUid())).toList());
        finished.sort(Comparator.comparing(j -> finishedAt(j).orElseThrow()));
        List<String> lines = new ArrayList<>();
        int keep = VerifyHistory.DEFAULT_KEEP;
        for (Job j : finished) {
            lines.add(line(result(t, j), finishedAt(j).orElseThrow(), j.getMetadata().getUid()));
            keep = keepOf(j, keep);
        }
        return new Unrecorded(lines, keep);
    }

    private static int keepOf(Job j, int otherwise) {
        var annotations = j.getMetadata().getAnnotations();
        String v = annotations == null ? null : annotations.get(KEEP_ANNOTATION);
        try {
            int keep = v == null ? otherwise : Integer.parseInt(v.strip());
            return keep >= 1 && keep <= 500 ? keep : otherwise;
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    /** When the Job reached Complete or Failed, if it has. */
    static Optional<Instant> finishedAt(Job job) {
        if (job.getStatus() == null || job.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        for (JobCondition c : job.getStatus().getConditions()) {
            if (("Complete".equals(c.getType()) || "Failed".equals(c.getType())) && "True".equals(c.getStatus())) {
                String at = c.getLastTransitionTime() != null ? c.getLastTransitionTime()
                        : job.getStatus().getCompletionTime();
                return Optional.of(at != null ? Instant.parse(at) : Instant.now());
            }
        }
        return Optional.empty();
    }

    private static String uidOf(String line) {
        int i = line.indexOf("\"" + JOB_UID + "\":\"");
        if (i < 0) {
            return null;
        }
        int start = i + JOB_UID.length() + 4;
        int end = line.indexOf('"', start);
        return end < 0 ? null : line.substring(start, end);
    }
}
