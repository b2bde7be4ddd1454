package dev.runner.local.api.registry;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The per-kind defaults of the kinds the workflows send, each applied on create and on update (the server defaults
 * every decoded object). Sources, all under https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/ :
 * apps/v1/defaults.go (SetDefaults_Deployment, SetDefaults_ReplicaSet), batch/v1/defaults.go (SetDefaults_Job,
 * SetDefaults_CronJob), core/v1/defaults.go (SetDefaults_Service, SetDefaults_Secret, SetDefaults_PodSpec),
 * core/v1/conversion.go (Convert_v1_Secret_To_core_Secret folds stringData into data).
 */
final class KindDefaults {
    private KindDefaults() {}

    static void pod(ObjectNode obj) {
        PodSpecDefaults.apply(Json.object(obj, "spec"));
    }

    static void deployment(ObjectNode obj) {
        ObjectNode spec = Json.object(obj, "spec");
        Json.defaultTo(spec, "replicas", 1);
        ObjectNode strategy = Json.object(spec, "strategy");
        Json.defaultTo(strategy, "type", "RollingUpdate");
        if ("RollingUpdate".equals(Json.text(strategy, "type"))) {
            ObjectNode rolling = Json.object(strategy, "rollingUpdate");
            Json.defaultTo(rolling, "maxUnavailable", "25%");
            Json.defaultTo(rolling, "maxSurge", "25%");
        }
        Json.defaultTo(spec, "revisionHistoryLimit", 10);
        Json.defaultTo(spec, "progressDeadlineSeconds", 600);
        template(spec);
    }

    static void replicaSet(ObjectNode obj) {
        ObjectNode spec = Json.object(obj, "spec");
        Json.defaultTo(spec, "replicas", 1);
        template(spec);
    }

    static void job(ObjectNode obj) {
        jobSpec(Json.object(obj, "spec"));
    }

    static void cronJob(ObjectNode obj) {
        ObjectNode spec = Json.object(obj, "spec");
        Json.defaultTo(spec, "concurrencyPolicy", "Allow");
        Json.defaultTo(spec, "suspend", false);
        Json.defaultTo(spec, "successfulJobsHistoryLimit", 3);
        Json.defaultTo(spec, "failedJobsHistoryLimit", 1);
        template(Json.object(Json.object(spec, "jobTemplate"), "spec"));
    }

    static void service(ObjectNode obj) {
        ObjectNode spec = Json.object(obj, "spec");
        Json.defaultTo(spec, "type", "ClusterIP");
        Json.defaultTo(spec, "sessionAffinity", "None");
        if (!"ExternalName".equals(Json.text(spec, "type"))) {
            Json.defaultTo(spec, "internalTrafficPolicy", "Cluster");
        }
        for (JsonNode p : Json.arrayOrEmpty(spec, "ports")) {
            if (p instanceof ObjectNode port) {
                Json.defaultTo(port, "protocol", "TCP");
                if (Json.absent(port, "targetPort") && port.get("port") != null) {
                    port.set("targetPort", port.get("port"));
                }
            }
        }
    }

    static void secret(ObjectNode obj) {
        Json.defaultTo(obj, "type", "Opaque");
        ObjectNode stringData = Json.objectOrNull(obj, "stringData");
        if (stringData != null) {
            ObjectNode data = Json.object(obj, "data");
            stringData.properties().forEach(e -> data.put(e.getKey(),
                    Base64.getEncoder().encodeToString(e.getValue().asString().getBytes(StandardCharsets.UTF_8))));
            obj.remove("stringData");
        }
    }

    private static void jobSpec(ObjectNode spec) {
        Json.defaultTo(spec, "completionMode", "NonIndexed");
        if (Json.absent(spec, "completions") && Json.absent(spec, "parallelism")) {
            spec.put("completions", 1);
            spec.put("parallelism", 1);
        }
        Json.defaultTo(spec, "parallelism", 1);
        Json.defaultTo(spec, "backoffLimit", 6);
        Json.defaultTo(spec, "suspend", false);
        if (Json.absent(spec, "podFailurePolicy")) {
            Json.defaultTo(spec, "podReplacementPolicy", "TerminatingOrFailed");
        }
        template(spec);
    }

    private static void template(ObjectNode spec) {
        PodSpecDefaults.apply(Json.object(Json.object(spec, "template"), "spec"));
    }
}
