package dev.runner.local.api.registry;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Kind-specific validation of the workload kinds: ValidateDeploymentSpec, ValidateReplicaSetSpec
 * (pkg/apis/apps/validation), ValidateJobSpec, ValidateCronJobSpec (pkg/apis/batch/validation), ValidateService
 * (pkg/apis/core/validation) of https://github.com/kubernetes/kubernetes/tree/master/pkg/apis
 */
final class WorkloadValidation {
    private static final List<String> ALWAYS = List.of("Always");
    private static final List<String> JOB_RESTART = List.of("OnFailure", "Never");

    private WorkloadValidation() {}

    static void pod(JsonNode obj, List<FieldError> errs) {
        PodSpecValidation.validate(obj.get("spec"), "spec", errs);
    }

    static void deployment(JsonNode obj, List<FieldError> errs) {
        JsonNode spec = obj.get("spec");
        selectedTemplate(spec, "spec", ALWAYS, errs);
        nonNegative(spec, "spec", "replicas", errs);
        nonNegative(spec, "spec", "minReadySeconds", errs);
        JsonNode strategy = Json.objectOrNull(spec, "strategy");
        String type = Json.text(strategy, "type");
        List<String> types = List.of("Recreate", "RollingUpdate");
        if (type != null && !types.contains(type)) {
            errs.add(FieldError.notSupported("spec.strategy.type", type, types));
        }
        JsonNode rolling = Json.objectOrNull(strategy, "rollingUpdate");
        if ("Recreate".equals(type) && rolling != null) {
            errs.add(FieldError.forbidden("spec.strategy.rollingUpdate",
                    "may not be specified when strategy `type` is 'Recreate'"));
        }
        if (rolling != null && isZero(rolling.get("maxSurge")) && isZero(rolling.get("maxUnavailable"))) {
            errs.add(FieldError.invalid("spec.strategy.rollingUpdate.maxUnavailable", rolling.get("maxUnavailable"),
                    "may not be 0 when `maxSurge` is 0"));
        }
        JsonNode deadline = spec == null ? null : spec.get("progressDeadlineSeconds");
        JsonNode minReady = spec == null ? null : spec.get("minReadySeconds");
        if (deadline != null && minReady != null && deadline.asInt() <= minReady.asInt()) {
            errs.add(FieldError.invalid("spec.progressDeadlineSeconds", deadline,
                    "must be greater than minReadySeconds"));
        }
    }

    static void replicaSet(JsonNode obj, List<FieldError> errs) {
        selectedTemplate(obj.get("spec"), "spec", ALWAYS, errs);
        nonNegative(obj.get("spec"), "spec", "replicas", errs);
    }

    static void job(JsonNode obj, List<FieldError> errs) {
        jobSpec(obj.get("spec"), "spec", errs);
    }

    static void cronJob(JsonNode obj, List<FieldError> errs) {
        JsonNode spec = obj.get("spec");
        String schedule = Json.text(spec, "schedule");
        if (schedule == null || schedule.isBlank()) {
            errs.add(FieldError.required("spec.schedule", ""));
        } else if (schedule.trim().split("\\s+").length != 5 && !schedule.startsWith("@")) {
            errs.add(FieldError.invalid("spec.schedule", schedule, "unparseable cron schedule"));
        }
        List<String> policies = List.of("Allow", "Forbid", "Replace");
        String policy = Json.text(spec, "concurrencyPolicy");
        if (policy != null && !policies.contains(policy)) {
            errs.add(FieldError.notSupported("spec.concurrencyPolicy", policy, policies));
        }
        JsonNode jobSpec = Json.objectOrNull(Json.objectOrNull(spec, "jobTemplate"), "spec");
        JsonNode template = Json.objectOrNull(jobSpec, "template");
        MetaValidation.labels(Json.objectOrNull(template, "metadata"), "spec.jobTemplate.spec.template.metadata", errs);
        PodSpecValidation.validate(Json.objectOrNull(template, "spec"), "spec.jobTemplate.spec.template.spec", errs);
        restartPolicy(Json.objectOrNull(template, "spec"), "spec.jobTemplate.spec.template.spec", JOB_RESTART, errs);
    }

    static void service(JsonNode obj, List<FieldError> errs) {
        JsonNode spec = obj.get("spec");
        List<String> types = List.of("ClusterIP", "ExternalName", "LoadBalancer", "NodePort");
        String type = Json.text(spec, "type");
        if (type != null && !types.contains(type)) {
            errs.add(FieldError.notSupported("spec.type", type, types));
        }
        var ports = Json.arrayOrEmpty(spec, "ports");
        if (ports.isEmpty() && !"ExternalName".equals(type) && !"None".equals(Json.text(spec, "clusterIP"))) {
            errs.add(FieldError.required("spec.ports", ""));
        }
        for (int i = 0; i < ports.size(); i++) {
            JsonNode port = ports.get(i).get("port");
            if (port == null) {
                errs.add(FieldError.required("spec.ports[" + i + "].port", ""));
            } else if (port.asInt() < 1 || port.asInt() > 65535) {
                errs.add(FieldError.invalid("spec.ports[" + i + "].port", port,
                        "must be between 1 and 65535, inclusive"));
            }
            if (ports.size() > 1 && Json.text(ports.get(i), "name") == null) {
                errs.add(FieldError.required("spec.ports[" + i + "].name", ""));
            }
        }
    }

    private static void jobSpec(JsonNode spec, String path, List<FieldError> errs) {
        boolean manual = spec != null && spec.path("manualSelector").asBoolean(false);
        if (manual || spec != null && spec.get("selector") != null) {
            selectedTemplate(spec, path, JOB_RESTART, errs);
        } else {
            JsonNode template = Json.objectOrNull(spec, "template");
            MetaValidation.labels(Json.objectOrNull(template, "metadata"), path + ".template.metadata", errs);
            PodSpecValidation.validate(Json.objectOrNull(template, "spec"), path + ".template.spec", errs);
            restartPolicy(Json.objectOrNull(template, "spec"), path + ".template.spec", JOB_RESTART, errs);
        }
        for (String f : List.of("parallelism", "completions", "backoffLimit", "activeDeadlineSeconds")) {
            nonNegative(spec, path, f, errs);
        }
    }

    /** A selector is required, not empty, and must select the template's labels; the template must be valid. */
    private static void selectedTemplate(JsonNode spec, String path, List<String> restart, List<FieldError> errs) {
        JsonNode selector = Json.objectOrNull(spec, "selector");
        JsonNode template = Json.objectOrNull(spec, "template");
        JsonNode meta = Json.objectOrNull(template, "metadata");
        if (selector == null) {
            errs.add(FieldError.required(path + ".selector", ""));
        } else if (Selectors.isEmpty(selector)) {
            errs.add(FieldError.invalid(path + ".selector", selector, "empty selector is invalid for deployment"));
        } else if (!Selectors.matches(selector, Json.objectOrNull(meta, "labels"))) {
            errs.add(FieldError.invalid(path + ".template.metadata.labels", Json.objectOrNull(meta, "labels"),
                    "`selector` does not match template `labels`"));
        }
        if (template == null) {
            errs.add(FieldError.required(path + ".template", ""));
            return;
        }
        MetaValidation.labels(meta, path + ".template.metadata", errs);
        PodSpecValidation.validate(Json.objectOrNull(template, "spec"), path + ".template.spec", errs);
        restartPolicy(Json.objectOrNull(template, "spec"), path + ".template.spec", restart, errs);
    }

    private static void restartPolicy(JsonNode podSpec, String path, List<String> allowed, List<FieldError> errs) {
        String policy = Json.text(podSpec, "restartPolicy");
        if (podSpec != null && !allowed.contains(policy)) {
            errs.add(policy == null ? FieldError.required(path + ".restartPolicy", "")
                    : FieldError.notSupported(path + ".restartPolicy", policy, allowed));
        }
    }

    private static void nonNegative(JsonNode spec, String path, String field, List<FieldError> errs) {
        JsonNode v = spec == null ? null : spec.get(field);
        if (v != null && v.isNumber() && v.asLong() < 0) {
            errs.add(FieldError.invalid(path + "." + field, v, "must be greater than or equal to 0"));
        }
    }

    private static boolean isZero(JsonNode v) {
        return v == null || v.isNumber() && v.asInt() == 0 || v.isString() && v.asString().equals("0%");
    }
}
