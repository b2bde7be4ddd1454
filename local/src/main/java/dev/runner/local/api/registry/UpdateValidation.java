package dev.runner.local.api.registry;

import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The immutable fields an update may not change: ValidateDeploymentUpdate / ValidateReplicaSetUpdate (selector),
 * ValidateJobUpdate (selector, pod template), ValidatePodUpdate (everything in spec but images,
 * activeDeadlineSeconds, tolerations additions and a few more), ValidateServiceUpdate (clusterIP) of
 * https://github.com/kubernetes/kubernetes/tree/master/pkg/apis (apps, batch, core /validation/validation.go).
 */
final class UpdateValidation {
    private UpdateValidation() {}

    static void selector(JsonNode old, JsonNode obj, List<FieldError> errs) {
        unchanged(old.path("spec").get("selector"), obj.path("spec").get("selector"), "spec.selector", errs);
    }

    static void job(JsonNode old, JsonNode obj, List<FieldError> errs) {
        selector(old, obj, errs);
        unchanged(old.path("spec").get("template"), obj.path("spec").get("template"), "spec.template", errs);
        unchanged(old.path("spec").get("completions"), obj.path("spec").get("completions"), "spec.completions",
                errs);
        unchanged(old.path("spec").get("completionMode"), obj.path("spec").get("completionMode"),
                "spec.completionMode", errs);
    }

    static void service(JsonNode old, JsonNode obj, List<FieldError> errs) {
        JsonNode before = old.path("spec").get("clusterIP");
        JsonNode after = obj.path("spec").get("clusterIP");
        if (before != null && after != null && !before.equals(after)) {
            errs.add(FieldError.immutable("spec.clusterIPs[0]", after));
        }
    }

    /** A pod's spec may change only in the fields pod updates allow (images, activeDeadlineSeconds, tolerations). */
    static void pod(JsonNode old, JsonNode obj, List<FieldError> errs) {
        JsonNode before = mutableFieldsCleared(old.path("spec"));
        JsonNode after = mutableFieldsCleared(obj.path("spec"));
        if (!Objects.equals(before, after)) {
            errs.add(FieldError.forbidden("spec", "pod updates may not change fields other than "
                    + "`spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,"
                    + "`spec.tolerations` (only additions to existing tolerations),"
                    + "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)"));
        }
    }

    private static JsonNode mutableFieldsCleared(JsonNode spec) {
        if (!(spec instanceof ObjectNode o)) {
            return spec;
        }
        ObjectNode copy = o.deepCopy();
        copy.remove(List.of("activeDeadlineSeconds", "tolerations", "terminationGracePeriodSeconds", "nodeName"));
        for (String list : List.of("containers", "initContainers")) {
            Json.arrayOrEmpty(copy, list).forEach(c -> {
                if (c instanceof ObjectNode container) {
                    container.remove("image");
                }
            });
        }
        return copy;
    }

    private static void unchanged(JsonNode before, JsonNode after, String field, List<FieldError> errs) {
        if (before != null && !before.equals(after)) {
            errs.add(FieldError.immutable(field, after == null ? "null" : after));
        }
    }
}
