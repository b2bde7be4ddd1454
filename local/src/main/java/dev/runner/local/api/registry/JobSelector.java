package dev.runner.local.api.registry;

import tools.jackson.databind.node.ObjectNode;

/**
 * The Job strategy's generateSelector: unless {@code spec.manualSelector} is true, a Job's selector is
 * {@code batch.kubernetes.io/controller-uid=<uid>} and its pod template carries that label, the job name and their
 * legacy forms, so {@code kubectl logs job/NAME} finds exactly this Job's pods.
 * https://github.com/kubernetes/kubernetes/blob/master/pkg/registry/batch/job/strategy.go
 * https://kubernetes.io/docs/concepts/workloads/controllers/job/#specifying-your-own-pod-selector
 */
final class JobSelector {
    private JobSelector() {
    }

    static void generate(ObjectNode job) {
        ObjectNode spec = Json.object(job, "spec");
        if (spec.path("manualSelector").asBoolean(false)) {
            return;
        }
        String uid = Json.text(job.path("metadata"), "uid");
        String name = Json.text(job.path("metadata"), "name");
        ObjectNode labels = Json.object(Json.object(Json.object(spec, "template"), "metadata"), "labels");
        labels.put("batch.kubernetes.io/controller-uid", uid);
        labels.put("controller-uid", uid);
        if (name != null) {
            labels.put("batch.kubernetes.io/job-name", name);
            labels.put("job-name", name);
        }
        ObjectNode selector = spec.putObject("selector");
        selector.putObject("matchLabels").put("batch.kubernetes.io/controller-uid", uid);
    }

    /** The stored Job with the provisional uid in its selector and template labels replaced by its stored uid. */
    static ObjectNode rebind(ObjectNode stored, String provisionalUid) {
        String uid = Json.text(stored.path("metadata"), "uid");
        ObjectNode spec = Json.objectOrNull(stored, "spec");
        if (uid == null || uid.equals(provisionalUid) || spec == null
                || !provisionalUid.equals(spec.path("selector").path("matchLabels")
                        .path("batch.kubernetes.io/controller-uid").asString(""))) {
            return null;
        }
        ObjectNode labels = Json.object(Json.object(Json.object(spec, "template"), "metadata"), "labels");
        labels.put("batch.kubernetes.io/controller-uid", uid);
        labels.put("controller-uid", uid);
        ((ObjectNode) spec.get("selector")).putObject("matchLabels").put("batch.kubernetes.io/controller-uid", uid);
        return stored;
    }
}
