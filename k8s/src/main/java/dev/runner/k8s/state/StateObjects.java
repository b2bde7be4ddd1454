package dev.runner.k8s.state;

import dev.runner.state.Hashing;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Names, labels and annotations of the objects a run's state is kept in: journal chunks and a snapshot
 * (ConfigMaps) and the lock (a Lease), all labelled so that {@code kubectl get configmaps,leases -l
 * runner.dev/run-id=ID} (or {@code runner.dev/workflow=…}, {@code runner.dev/target=…}) finds them.
 */
final class StateObjects {
    static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    static final String RUNNER = "runner";
    static final String RUN_ID = "runner.dev/run-id";
    static final String WORKFLOW = "runner.dev/workflow";
    static final String TARGET = "runner.dev/target";
    static final String PART = "runner.dev/part";
    static final String JOURNAL = "journal";
    static final String SNAPSHOT = "snapshot";
    static final String LOCK = "lock";
    /** Annotations: the chunk's number, set on a full chunk (no more appends), the chunk a snapshot covers. */
    static final String CHUNK = "runner.dev/chunk";
    static final String SEALED = "runner.dev/sealed";
    static final String COVERED = "runner.dev/covered-chunk";
    static final String FIRST_SEQ = "runner.dev/first-seq";
    static final String HOLDER = "runner.dev/holder";
    static final String SNAPSHOT_KEY = "snapshot.json";

    /** https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#syntax-and-character-set */
    private static final Pattern NOT_IN_LABEL = Pattern.compile("[^A-Za-z0-9._-]");
    private static final Pattern EDGE = Pattern.compile("^[^A-Za-z0-9]+|[^A-Za-z0-9]+$");

    private StateObjects() {
    }

    static String chunkName(String runId, int chunk) {
        return "runner-" + runId + "-j" + String.format("%06d", chunk);
    }

    static String snapshotName(String runId) {
        return "runner-" + runId + "-snapshot";
    }

    /** A ConfigMap data key per event, sortable: the event's sequence number in the run. */
    static String eventKey(long seq) {
        return "e" + String.format("%012d", seq);
    }

    static long seqOf(String key) {
        return Long.parseLong(key.substring(1));
    }

    /**
     * One Lease per workflow and target; the target is the namespace the state is kept in (the cluster is the one
     * the Lease lives in). A DNS subdomain name: the readable part is cut, the hash keeps names apart.
     */
    static String leaseName(String workflowName) {
        String readable = workflowName.toLowerCase().replaceAll("[^a-z0-9-]", "-").replaceAll("-+", "-");
        readable = readable.length() > 40 ? readable.substring(0, 40) : readable;
        readable = readable.replaceAll("^-+|-+$", "");
        String hash = Hashing.sha256(workflowName.getBytes(StandardCharsets.UTF_8)).substring(0, 8);
        return "runner-lock-" + (readable.isEmpty() ? "" : readable + "-") + hash;
    }

    /** A value for a label: invalid characters become '-', at most 63 characters, alphanumeric at both ends. */
    static String labelValue(String s) {
        if (s == null) {
            return "";
        }
        String v = NOT_IN_LABEL.matcher(s).replaceAll("-");
        v = v.length() > 63 ? v.substring(0, 63) : v;
        return EDGE.matcher(v).replaceAll("");
    }

    static Map<String, String> labels(String runId, String workflowName, String target, String part) {
        Map<String, String> l = new LinkedHashMap<>();
        l.put(MANAGED_BY, RUNNER);
        if (runId != null) {
            l.put(RUN_ID, labelValue(runId));
        }
        l.put(WORKFLOW, labelValue(workflowName));
        l.put(TARGET, labelValue(target));
        l.put(PART, part);
        return l;
    }
}
