package dev.runner.cli.rbac;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Roles, ClusterRoles and their bindings as YAML documents for {@code kubectl apply -f -}
 * (https://kubernetes.io/docs/reference/access-authn-authz/rbac/#role-and-clusterrole).
 */
public final class RoleYaml {
    private static final Pattern PLAIN = Pattern.compile("[a-z][a-zA-Z0-9./*-]*");
    private static final String RBAC = "rbac.authorization.k8s.io/v1";

    private RoleYaml() {
    }

    /** A Role (namespace given) or ClusterRole (namespace null and cluster) with these rules. */
    public static String role(String name, RbacRules.Scope scope, List<RbacRules.Rule> rules) {
        StringBuilder sb = new StringBuilder();
        sb.append("apiVersion: ").append(RBAC).append('\n');
        sb.append("kind: ").append(scope.cluster() ? "ClusterRole" : "Role").append('\n');
        metadata(sb, name, scope.cluster() ? null : scope.namespace());
        sb.append("rules:\n");
        for (RbacRules.Rule r : rules) {
            sb.append("  - apiGroups: [").append(scalar(r.group())).append("]\n");
            sb.append("    resources: ").append(flow(r.resources())).append('\n');
            sb.append("    verbs: ").append(flow(r.verbs())).append('\n');
        }
        return sb.toString();
    }

    /** A RoleBinding (or ClusterRoleBinding) of the role {@code name} to a ServiceAccount. */
    public static String binding(String name, RbacRules.Scope scope, String saNamespace, String serviceAccount) {
        StringBuilder sb = new StringBuilder();
        sb.append("apiVersion: ").append(RBAC).append('\n');
        sb.append("kind: ").append(scope.cluster() ? "ClusterRoleBinding" : "RoleBinding").append('\n');
        metadata(sb, name, scope.cluster() ? null : scope.namespace());
        sb.append("roleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ")
                .append(scope.cluster() ? "ClusterRole" : "Role").append("\n  name: ").append(scalar(name)).append('\n');
        sb.append("subjects:\n  - kind: ServiceAccount\n    name: ").append(scalar(serviceAccount)).append('\n');
        sb.append("    namespace: ").append(scalar(saNamespace)).append('\n');
        return sb.toString();
    }

    private static void metadata(StringBuilder sb, String name, String namespace) {
        sb.append("metadata:\n  name: ").append(scalar(name)).append('\n');
        if (namespace != null) {
            sb.append("  namespace: ").append(scalar(namespace)).append('\n');
        }
        sb.append("  labels: {app.kubernetes.io/managed-by: runner}\n");
    }

    private static String flow(Collection<String> values) {
        List<String> out = new ArrayList<>();
        values.forEach(v -> out.add(scalar(v)));
        return "[" + String.join(", ", out) + "]";
    }

    /** Plain when that reads back as the same string, else double-quoted. */
    static String scalar(String s) {
        if (PLAIN.matcher(s).matches() && !List.of("true", "false", "null", "yes", "no", "on", "off").contains(s)
                && !s.startsWith("*")) {
            return s;
        }
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
