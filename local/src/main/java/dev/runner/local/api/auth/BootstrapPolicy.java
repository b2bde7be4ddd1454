package dev.runner.local.api.auth;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The default roles and bindings an API server creates at start
 * (https://kubernetes.io/docs/reference/access-authn-authz/rbac/#default-roles-and-role-bindings): cluster-admin for
 * system:masters, discovery and self-review rights for every authenticated user, health and version for everyone,
 * and the user-facing admin / edit / view ClusterRoles (here with their rules listed, not aggregated).
 */
public final class BootstrapPolicy {
    private static final List<String> READ = List.of("get", "list", "watch");
    private static final List<String> WRITE =
            List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");
    private static final List<String> CORE_READABLE = List.of("configmaps", "endpoints", "persistentvolumeclaims",
            "persistentvolumeclaims/status", "pods", "pods/log", "pods/status", "replicationcontrollers", "services",
            "services/status", "serviceaccounts", "events", "limitranges", "resourcequotas", "bindings");
    private static final List<String> APPS = List.of("deployments", "deployments/scale", "deployments/status",
            "replicasets", "replicasets/scale", "replicasets/status", "statefulsets", "statefulsets/scale",
            "statefulsets/status", "daemonsets", "daemonsets/status", "controllerrevisions");
    private static final List<String> BATCH = List.of("jobs", "jobs/status", "cronjobs", "cronjobs/status");

    private BootstrapPolicy() {}

    /** ClusterRoles first, then ClusterRoleBindings, each a complete object to store. */
    public static List<Map<String, Object>> objects() {
        List<Map<String, Object>> out = new ArrayList<>();
        out.add(clusterRole("cluster-admin", List.of(rule(List.of("*"), List.of("*"), List.of("*")),
                nonResource(List.of("*"), List.of("*")))));
        out.add(clusterRole("system:discovery", List.of(nonResource(List.of("get"), List.of("/api", "/api/*",
                "/apis", "/apis/*", "/healthz", "/livez", "/openapi", "/openapi/*", "/readyz", "/version",
                "/version/")))));
        out.add(clusterRole("system:public-info-viewer", List.of(nonResource(List.of("get"),
                List.of("/healthz", "/livez", "/readyz", "/version", "/version/")))));
        out.add(clusterRole("system:basic-user", List.of(
                rule(List.of("create"), List.of("authorization.k8s.io"),
                        List.of("selfsubjectaccessreviews", "selfsubjectrulesreviews")),
                rule(List.of("create"), List.of("authentication.k8s.io"), List.of("selfsubjectreviews")))));
        out.add(clusterRole("view", List.of(rule(READ, List.of(""), with(CORE_READABLE, "namespaces")),
                rule(READ, List.of("apps"), APPS), rule(READ, List.of("batch"), BATCH),
                rule(READ, List.of("policy"), List.of("poddisruptionbudgets", "poddisruptionbudgets/status")))));
        List<Map<String, Object>> edit = List.of(
                rule(WRITE, List.of(""), with(CORE_READABLE, "secrets", "pods/attach", "pods/exec",
                        "pods/portforward", "pods/proxy", "pods/eviction", "services/proxy")),
                rule(List.of("impersonate"), List.of(""), List.of("serviceaccounts")),
                rule(READ, List.of(""), List.of("namespaces")),
                rule(WRITE, List.of("apps"), APPS), rule(WRITE, List.of("batch"), BATCH),
                rule(WRITE, List.of("policy"), List.of("poddisruptionbudgets")),
                rule(WRITE, List.of("coordination.k8s.io"), List.of("leases")));
        out.add(clusterRole("edit", edit));
        List<Map<String, Object>> admin = new ArrayList<>(edit);
        admin.add(rule(WRITE, List.of("rbac.authorization.k8s.io"), List.of("roles", "rolebindings")));
        admin.add(rule(List.of("create"), List.of("authorization.k8s.io"), List.of("localsubjectaccessreviews")));
        out.add(clusterRole("admin", admin));
        out.add(binding("cluster-admin", "cluster-admin", List.of(UserInfo.MASTERS)));
        out.add(binding("system:discovery", "system:discovery", List.of(UserInfo.AUTHENTICATED)));
        out.add(binding("system:basic-user", "system:basic-user", List.of(UserInfo.AUTHENTICATED)));
        out.add(binding("system:public-info-viewer", "system:public-info-viewer",
                List.of(UserInfo.AUTHENTICATED, UserInfo.UNAUTHENTICATED)));
        return out;
    }

    private static List<String> with(List<String> base, String... more) {
        List<String> out = new ArrayList<>(base);
        out.addAll(List.of(more));
        return out;
    }

    private static Map<String, Object> rule(List<String> verbs, List<String> groups, List<String> resources) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("verbs", verbs);
        r.put("apiGroups", groups);
        r.put("resources", resources);
        return r;
    }

    private static Map<String, Object> nonResource(List<String> verbs, List<String> urls) {
        return Map.of("verbs", verbs, "nonResourceURLs", urls);
    }

    private static Map<String, Object> clusterRole(String name, List<Map<String, Object>> rules) {
        Map<String, Object> o = header("ClusterRole", name);
        o.put("rules", rules);
        return o;
    }

    private static Map<String, Object> binding(String name, String role, List<String> groups) {
        Map<String, Object> o = header("ClusterRoleBinding", name);
        o.put("roleRef", Map.of("apiGroup", "rbac.authorization.k8s.io", "kind", "ClusterRole", "name", role));
        o.put("subjects", groups.stream().map(g -> Map.of("apiGroup", "rbac.authorization.k8s.io", "kind", "Group",
                "name", g)).toList());
        return o;
    }

    private static Map<String, Object> header(String kind, String name) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("apiVersion", "rbac.authorization.k8s.io/v1");
        o.put("kind", kind);
        o.put("metadata", Map.of("name", name, "labels", Map.of("kubernetes.io/bootstrapping", "rbac-defaults"),
                "annotations", Map.of("rbac.authorization.kubernetes.io/autoupdate", "true")));
        return o;
    }
}
