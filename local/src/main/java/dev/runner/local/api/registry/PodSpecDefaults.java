package dev.runner.local.api.registry;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The defaults the API server gives every PodSpec, in a Pod or in any pod template: SetDefaults_PodSpec,
 * SetDefaults_Container, SetDefaults_Probe, SetDefaults_ContainerPort, SetDefaults_SecretVolumeSource … of
 * https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/core/v1/defaults.go
 */
final class PodSpecDefaults {
    private static final int DEFAULT_MODE = 0644; // SecretVolumeSourceDefaultMode, ConfigMapVolumeSourceDefaultMode

    private PodSpecDefaults() {}

    static void apply(ObjectNode spec) {
        Json.defaultTo(spec, "restartPolicy", "Always");
        Json.defaultTo(spec, "dnsPolicy", "ClusterFirst");
        Json.defaultTo(spec, "terminationGracePeriodSeconds", 30);
        Json.defaultTo(spec, "schedulerName", "default-scheduler");
        Json.defaultTo(spec, "enableServiceLinks", true);
        Json.object(spec, "securityContext");
        for (String list : new String[] {"containers", "initContainers"}) {
            for (JsonNode c : Json.arrayOrEmpty(spec, list)) {
                if (c instanceof ObjectNode container) {
                    container(container);
                }
            }
        }
        for (JsonNode v : Json.arrayOrEmpty(spec, "volumes")) {
            if (v instanceof ObjectNode volume) {
                volume(volume);
            }
        }
    }

    private static void container(ObjectNode c) {
        Json.defaultTo(c, "terminationMessagePath", "/dev/termination-log");
        Json.defaultTo(c, "terminationMessagePolicy", "File");
        Json.defaultTo(c, "imagePullPolicy", pullPolicy(Json.text(c, "image")));
        for (JsonNode p : Json.arrayOrEmpty(c, "ports")) {
            if (p instanceof ObjectNode port) {
                Json.defaultTo(port, "protocol", "TCP");
            }
        }
        for (JsonNode e : Json.arrayOrEmpty(c, "env")) {
            ObjectNode field = Json.objectOrNull(Json.objectOrNull(e, "valueFrom"), "fieldRef");
            if (field != null) {
                Json.defaultTo(field, "apiVersion", "v1");
            }
        }
        for (String probe : new String[] {"livenessProbe", "readinessProbe", "startupProbe"}) {
            ObjectNode p = Json.objectOrNull(c, probe);
            if (p != null) {
                probe(p);
            }
        }
    }

    /** SetDefaults_Container: Always for :latest or no tag (and no digest), else IfNotPresent. */
    static String pullPolicy(String image) {
        if (image == null || image.isEmpty()) {
            return "IfNotPresent";
        }
        if (image.contains("@")) {
            return "IfNotPresent";
        }
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        String tag = colon > slash ? image.substring(colon + 1) : "";
        return tag.isEmpty() || tag.equals("latest") ? "Always" : "IfNotPresent";
    }

    private static void probe(ObjectNode p) {
        Json.defaultTo(p, "timeoutSeconds", 1);
        Json.defaultTo(p, "periodSeconds", 10);
        Json.defaultTo(p, "successThreshold", 1);
        Json.defaultTo(p, "failureThreshold", 3);
        ObjectNode http = Json.objectOrNull(p, "httpGet");
        if (http != null) {
            Json.defaultTo(http, "path", "/");
            Json.defaultTo(http, "scheme", "HTTP");
        }
    }

    private static void volume(ObjectNode v) {
        ObjectNode secret = Json.objectOrNull(v, "secret");
        if (secret != null) {
            Json.defaultTo(secret, "defaultMode", DEFAULT_MODE);
        }
        ObjectNode configMap = Json.objectOrNull(v, "configMap");
        if (configMap != null) {
            Json.defaultTo(configMap, "defaultMode", DEFAULT_MODE);
        }
        ObjectNode hostPath = Json.objectOrNull(v, "hostPath");
        if (hostPath != null) {
            Json.defaultTo(hostPath, "type", "");
        }
    }
}
