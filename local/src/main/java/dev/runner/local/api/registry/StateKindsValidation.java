package dev.runner.local.api.registry;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Validation of the kinds a run's cluster state is kept in, as the API server does it.
 * <ul>
 *   <li>ConfigMap: pkg/apis/core/validation/validation.go ValidateConfigMap — every key of {@code data} and
 *       {@code binaryData} a config key (IsConfigMapKey), no key in both, and their values together at most
 *       MaxSecretSize (1 MiB; https://kubernetes.io/docs/concepts/configuration/configmap/#motivation).</li>
 *   <li>Lease (coordination.k8s.io/v1): pkg/apis/coordination/validation/validation.go ValidateLeaseSpec —
 *       leaseDurationSeconds greater than 0, leaseTransitions not negative, strategy one of the known ones,
 *       preferredHolder only with a strategy (https://kubernetes.io/docs/concepts/architecture/leases/).</li>
 * </ul>
 */
final class StateKindsValidation {
    static final int MAX_CONFIG_MAP_BYTES = 1024 * 1024;
    private static final Pattern CONFIG_KEY = Pattern.compile("[-._a-zA-Z0-9]+");
    private static final String CONFIG_KEY_MSG = "a valid config key must consist of alphanumeric characters, '-', '_'"
            + " or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";
    private static final List<String> LEASE_STRATEGIES = List.of("OldestEmulationVersion");

    private StateKindsValidation() {}

    static void configMap(JsonNode obj, List<FieldError> errs) {
        long total = 0;
        JsonNode data = obj.get("data");
        JsonNode binary = obj.get("binaryData");
        if (data != null && data.isObject()) {
            for (Map.Entry<String, JsonNode> e : data.properties()) {
                key("data", e.getKey(), errs);
                if (binary != null && binary.has(e.getKey())) {
                    errs.add(FieldError.invalid("data[" + e.getKey() + "]", e.getKey(),
                            "duplicate of key present in binaryData"));
                }
                total += e.getValue().asString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            }
        }
        if (binary != null && binary.isObject()) {
            for (Map.Entry<String, JsonNode> e : binary.properties()) {
                key("binaryData", e.getKey(), errs);
                total += java.util.Base64.getDecoder().decode(e.getValue().asString()).length;
            }
        }
        if (total > MAX_CONFIG_MAP_BYTES) {
            errs.add(new FieldError("FieldValueTooLong", "", "Too long: may not be more than " + MAX_CONFIG_MAP_BYTES
                    + " bytes"));
        }
    }

    /** k8s.io/apimachinery/pkg/util/validation IsConfigMapKey. */
    private static void key(String bag, String key, List<FieldError> errs) {
        String field = bag + "[" + key + "]";
        if (key.length() > 253) {
            errs.add(FieldError.invalid(field, key, "must be no more than 253 characters"));
        }
        if (!CONFIG_KEY.matcher(key).matches()) {
            errs.add(FieldError.invalid(field, key, CONFIG_KEY_MSG));
        }
        if (key.equals(".")) {
            errs.add(FieldError.invalid(field, key, "must not be '.'"));
        } else if (key.equals("..")) {
            errs.add(FieldError.invalid(field, key, "must not be '..'"));
        } else if (key.startsWith("..")) {
            errs.add(FieldError.invalid(field, key, "must not start with '..'"));
        }
    }

    static void lease(JsonNode obj, List<FieldError> errs) {
        JsonNode spec = obj.get("spec");
        if (spec == null || !spec.isObject()) {
            return;
        }
        JsonNode duration = spec.get("leaseDurationSeconds");
        if (duration != null && !duration.isNull() && duration.asInt() <= 0) {
            errs.add(FieldError.invalid("spec.leaseDurationSeconds", duration, "must be greater than 0"));
        }
        JsonNode transitions = spec.get("leaseTransitions");
        if (transitions != null && !transitions.isNull() && transitions.asInt() < 0) {
            errs.add(FieldError.invalid("spec.leaseTransitions", transitions, "must be greater than or equal to 0"));
        }
        String strategy = Json.text(spec, "strategy");
        if (strategy != null && !LEASE_STRATEGIES.contains(strategy)) {
            errs.add(FieldError.notSupported("spec.strategy", strategy, LEASE_STRATEGIES));
        }
        String preferred = Json.text(spec, "preferredHolder");
        if (preferred != null && !preferred.isEmpty() && (strategy == null || strategy.isEmpty())) {
            errs.add(FieldError.forbidden("spec.preferredHolder", "may only be specified if `strategy` is defined"));
        }
    }
}
