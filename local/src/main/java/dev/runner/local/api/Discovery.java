package dev.runner.local.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * API discovery documents (/api, /apis, /api/v1, /apis/GROUP/VERSION, /version) that fabric8's mock server does not
 * serve, so that the real kubectl can map resource names (pods, deploy, cj …) to paths.
 */
final class Discovery {
    private record Res(String name, String kind, boolean namespaced, List<String> shortNames, boolean sub) {}

    /**
     * The resources in the category {@code all}, which {@code kubectl get all} expands from discovery.
     * https://kubernetes.io/docs/reference/kubectl/generated/kubectl_get/ (and the categories of each kind's
     * registry strategy, e.g. pkg/registry/core/pod/storage/storage.go Categories()).
     */
    private static final java.util.Set<String> CATEGORY_ALL = java.util.Set.of("pods", "services", "deployments",
            "replicasets", "statefulsets", "daemonsets", "jobs", "cronjobs", "replicationcontrollers");

    private static final List<String> VERBS =
            List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");
    private static final Map<String, List<Res>> GROUPS = new LinkedHashMap<>();

    static {
        GROUPS.put("v1", List.of(
                res("pods", "Pod", true, "po"), sub("pods/exec", "PodExecOptions"), sub("pods/log", "Pod"),
                sub("pods/status", "Pod"), res("services", "Service", true, "svc"), res("secrets", "Secret", true),
                res("configmaps", "ConfigMap", true, "cm"), res("namespaces", "Namespace", false, "ns"),
                res("events", "Event", true, "ev"), res("persistentvolumeclaims", "PersistentVolumeClaim", true, "pvc"),
                res("persistentvolumes", "PersistentVolume", false, "pv"),
                res("serviceaccounts", "ServiceAccount", true, "sa"), res("endpoints", "Endpoints", true, "ep"),
                res("nodes", "Node", false, "no")));
        GROUPS.put("apps/v1", List.of(
                res("deployments", "Deployment", true, "deploy"), sub("deployments/status", "Deployment"),
                sub("deployments/scale", "Scale"), res("replicasets", "ReplicaSet", true, "rs"),
                sub("replicasets/status", "ReplicaSet"), res("statefulsets", "StatefulSet", true, "sts"),
                res("daemonsets", "DaemonSet", true, "ds")));
        GROUPS.put("batch/v1", List.of(
                res("jobs", "Job", true), sub("jobs/status", "Job"), res("cronjobs", "CronJob", true, "cj"),
                sub("cronjobs/status", "CronJob")));
        GROUPS.put("rbac.authorization.k8s.io/v1", List.of(
                res("roles", "Role", true), res("rolebindings", "RoleBinding", true),
                res("clusterroles", "ClusterRole", false), res("clusterrolebindings", "ClusterRoleBinding", false)));
        GROUPS.put("coordination.k8s.io/v1", List.of(res("leases", "Lease", true)));
        GROUPS.put("policy/v1", List.of(res("poddisruptionbudgets", "PodDisruptionBudget", true, "pdb")));
        GROUPS.put("networking.k8s.io/v1", List.of(res("networkpolicies", "NetworkPolicy", true, "netpol")));
    }

    private Discovery() {}

    /** A top-level resource of a group version: its name, kind and scope. */
    record Resource(String groupVersion, String name, String kind, boolean namespaced) {}

    /** The kind of a top-level resource name (pods → Pod), or null when it is not served. */
    static String kindOf(String resource) {
        return resources().stream().filter(r -> r.name().equals(resource)).map(Resource::kind).findFirst()
                .orElse(null);
    }

    /** Every top-level (non-subresource) resource served, by group version. */
    static List<Resource> resources() {
        List<Resource> out = new ArrayList<>();
        GROUPS.forEach((gv, list) -> list.stream().filter(r -> !r.sub())
                .forEach(r -> out.add(new Resource(gv, r.name(), r.kind(), r.namespaced()))));
        return out;
    }

    private static Res res(String name, String kind, boolean namespaced, String... shortNames) {
        return new Res(name, kind, namespaced, List.of(shortNames), false);
    }

    private static Res sub(String name, String kind) {
        return new Res(name, kind, true, List.of(), true);
    }

    /** The discovery document for a GET of {@code path} (no query), or null when it is not a discovery path. */
    static Object answer(String path, String serverAddress) {
        String p = path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
        if (p.equals("/version")) {
            return Map.of("major", "1", "minor", "31", "gitVersion", "v1.31.0-runner-local", "gitCommit", "local",
                    "gitTreeState", "clean", "buildDate", "2026-01-01T00:00:00Z", "goVersion", "go1.22",
                    "compiler", "gc", "platform", "linux/amd64");
        }
        if (p.equals("/api")) {
            return Map.of("kind", "APIVersions", "versions", List.of("v1"), "serverAddressByClientCIDRs",
                    List.of(Map.of("clientCIDR", "0.0.0.0/0", "serverAddress", serverAddress)));
        }
        if (p.equals("/apis")) {
            List<Object> groups = new ArrayList<>();
            GROUPS.keySet().stream().filter(gv -> gv.contains("/")).forEach(gv -> groups.add(group(gv)));
            return Map.of("kind", "APIGroupList", "apiVersion", "v1", "groups", groups);
        }
        if (p.startsWith("/apis/") && p.chars().filter(c -> c == '/').count() == 2) {
            String group = p.substring("/apis/".length());
            return GROUPS.keySet().stream().filter(gv -> gv.startsWith(group + "/")).findFirst()
                    .map(gv -> (Object) withKind(group(gv), "APIGroup")).orElse(null);
        }
        String gv = p.equals("/api/v1") ? "v1" : p.startsWith("/apis/") ? p.substring("/apis/".length()) : null;
        List<Res> resources = gv == null ? null : GROUPS.get(gv);
        if (resources == null) {
            return null;
        }
        List<Object> list = new ArrayList<>();
        for (Res r : resources) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", r.name());
            m.put("singularName", r.sub() ? "" : r.kind().toLowerCase());
            m.put("namespaced", r.namespaced());
            m.put("kind", r.kind());
            m.put("verbs", r.sub() ? List.of("get", "create", "update", "patch") : VERBS);
            if (!r.shortNames().isEmpty()) {
                m.put("shortNames", r.shortNames());
            }
            if (CATEGORY_ALL.contains(r.name())) {
                m.put("categories", List.of("all"));
            }
            list.add(m);
        }
        return Map.of("kind", "APIResourceList", "apiVersion", "v1", "groupVersion", gv, "resources", list);
    }

    private static Map<String, Object> group(String groupVersion) {
        String[] parts = groupVersion.split("/");
        Map<String, String> version = Map.of("groupVersion", groupVersion, "version", parts[1]);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", parts[0]);
        m.put("versions", List.of(version));
        m.put("preferredVersion", version);
        return m;
    }

    private static Map<String, Object> withKind(Map<String, Object> group, String kind) {
        Map<String, Object> m = new LinkedHashMap<>(group);
        m.put("kind", kind);
        m.put("apiVersion", "v1");
        return m;
    }
}
