package dev.runner.k8s.manifest;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Identity of a manifest object (kind, namespace, name) and the few facts about kinds we need. */
public final class Refs {
    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "Node", "PersistentVolume",
            "ClusterRole", "ClusterRoleBinding", "StorageClass", "CustomResourceDefinition", "PriorityClass",
            "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration", "APIService", "IngressClass");
    private static final Map<String, String> API_VERSIONS = Map.ofEntries(Map.entry("Secret", "v1"),
            Map.entry("ConfigMap", "v1"), Map.entry("Pod", "v1"), Map.entry("Service", "v1"),
            Map.entry("ServiceAccount", "v1"), Map.entry("PersistentVolumeClaim", "v1"),
            Map.entry("Namespace", "v1"), Map.entry("Deployment", "apps/v1"), Map.entry("StatefulSet", "apps/v1"),
            Map.entry("DaemonSet", "apps/v1"), Map.entry("ReplicaSet", "apps/v1"), Map.entry("Job", "batch/v1"),
            Map.entry("CronJob", "batch/v1"), Map.entry("Role", "rbac.authorization.k8s.io/v1"),
            Map.entry("RoleBinding", "rbac.authorization.k8s.io/v1"),
            Map.entry("ClusterRole", "rbac.authorization.k8s.io/v1"),
            Map.entry("ClusterRoleBinding", "rbac.authorization.k8s.io/v1"),
            Map.entry("Ingress", "networking.k8s.io/v1"));

    private Refs() {
    }

    static void check(Map<String, Object> o) {
        if (!(o.get("kind") instanceof String) || !(o.get("apiVersion") instanceof String)) {
            throw new IllegalArgumentException("a manifest object needs apiVersion and kind: " + o.keySet());
        }
        if (name(o) == null) {
            throw new IllegalArgumentException(o.get("kind") + " needs metadata.name");
        }
    }

    public static boolean clusterScoped(String kind) {
        return CLUSTER_SCOPED.contains(kind);
    }

    /** Fills in the step's namespace where the object has none (namespaced kinds only); returns the object. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> withNamespace(Map<String, Object> o, String namespace) {
        Map<String, Object> meta = new LinkedHashMap<>((Map<String, Object>) o.getOrDefault("metadata", Map.of()));
        if (!clusterScoped(kind(o)) && meta.get("namespace") == null) {
            meta.put("namespace", namespace);
        }
        Map<String, Object> copy = new LinkedHashMap<>(o);
        copy.put("metadata", meta);
        return copy;
    }

    /** A minimal object naming kind/name, for delete by name; apiVersion defaults for common kinds. */
    public static Map<String, Object> stub(String apiVersion, String kind, String name, String namespace) {
        String av = apiVersion != null ? apiVersion : API_VERSIONS.get(kind);
        if (av == null) {
            throw new IllegalArgumentException("give apiVersion for kind " + kind);
        }
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("name", name);
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("apiVersion", av);
        o.put("kind", kind);
        o.put("metadata", meta);
        return withNamespace(o, namespace);
    }

    public static String kind(Map<String, Object> o) {
        return String.valueOf(o.get("kind"));
    }

    @SuppressWarnings("unchecked")
    public static String name(Map<String, Object> o) {
        Object m = o.get("metadata");
        return m instanceof Map ? (String) ((Map<String, Object>) m).get("name") : null;
    }

    @SuppressWarnings("unchecked")
    public static String namespace(Map<String, Object> o) {
        Object m = o.get("metadata");
        return m instanceof Map ? (String) ((Map<String, Object>) m).get("namespace") : null;
    }

    /** {@code Secret hasura/backup} or {@code Namespace hasura}. */
    public static String describe(Map<String, Object> o) {
        String ns = namespace(o);
        return kind(o) + " " + (ns == null ? "" : ns + "/") + name(o);
    }
}
