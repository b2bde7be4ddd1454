package dev.runner.local.api.registry;

import java.util.Map;

/**
 * The {@code patchMergeKey} of the associative lists in the kinds the workflows use ({@code +patchMergeKey} tags of
 * k8s.io/api core/v1 and apps/v1 types.go): lists with a key merge item by item in a strategic merge patch and in
 * server-side apply; every other list is replaced whole.
 * https://kubernetes.io/docs/tasks/manage-kubernetes-objects/update-api-object-kubectl-patch/#notes-on-the-strategic-merge-patch
 */
final class MergeKeys {
    private static final Map<String, String> BY_FIELD = Map.ofEntries(
            Map.entry("containers", "name"), Map.entry("initContainers", "name"),
            Map.entry("ephemeralContainers", "name"), Map.entry("env", "name"), Map.entry("volumes", "name"),
            Map.entry("volumeMounts", "mountPath"), Map.entry("volumeDevices", "devicePath"),
            Map.entry("imagePullSecrets", "name"), Map.entry("ownerReferences", "uid"),
            Map.entry("conditions", "type"), Map.entry("hostAliases", "ip"));

    private MergeKeys() {}

    /**
     * The merge key of list {@code field} whose parent is at {@code parentPath} (dot path without indexes), or
     * null when the list is atomic. Container ports merge by containerPort, Service ports by port.
     */
    static String of(String parentPath, String field) {
        if (field.equals("ports")) {
            return parentPath.endsWith("containers") || parentPath.endsWith("initContainers") ? "containerPort"
                    : "port";
        }
        return BY_FIELD.get(field);
    }
}
