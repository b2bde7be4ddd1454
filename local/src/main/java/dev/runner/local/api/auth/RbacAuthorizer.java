package dev.runner.local.api.auth;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Role-based access control as the API server's RBAC authorizer decides
 * (https://kubernetes.io/docs/reference/access-authn-authz/rbac/; rules as plugin/pkg/auth/authorizer/rbac and
 * pkg/apis/rbac/v1/evaluation_helpers.go match them): the ClusterRoleBindings, then (for a namespaced request) the
 * RoleBindings of the namespace, whose subjects name the user, one of its groups or its service account (a
 * ServiceAccount subject without namespace means the binding's), lead to a Role or ClusterRole; a request is allowed
 * when one rule matches its verb ({@code *} all), API group, resource ({@code *}, {@code resource/subresource},
 * {@code *}/subresource), and — when the rule lists resourceNames — name; a non-resource request matches
 * nonResourceURLs (exact, or a prefix ending in {@code *}). Deny is the default; a binding whose role is missing
 * contributes an error to the reason. Members of {@code system:masters} are allowed everything before RBAC is asked
 * (the apiserver's privileged-group authorizer).
 */
public final class RbacAuthorizer {
    private final PolicySource policy;

    public RbacAuthorizer(PolicySource policy) {
        this.policy = policy;
    }

    public Decision authorize(RequestAttributes a) {
        if (a.user().inGroup(UserInfo.MASTERS)) {
            return Decision.allow("");
        }
        List<String> errors = new ArrayList<>();
        for (JsonNode binding : policy.clusterRoleBindings()) {
            JsonNode subject = matchingSubject(binding, a.user(), "");
            if (subject == null) {
                continue;
            }
            String roleName = binding.path("roleRef").path("name").asString("");
            JsonNode role = policy.clusterRole(roleName);
            if (role == null) {
                errors.add("clusterrole.rbac.authorization.k8s.io \"" + roleName + "\" not found");
            } else if (anyRuleAllows(role, a)) {
                return Decision.allow("RBAC: allowed by ClusterRoleBinding \"" + name(binding) + "\" of ClusterRole \""
                        + roleName + "\" to " + describe(subject, ""));
            }
        }
        if (!a.namespace().isEmpty()) {
            for (JsonNode binding : policy.roleBindings(a.namespace())) {
                JsonNode subject = matchingSubject(binding, a.user(), a.namespace());
                if (subject == null) {
                    continue;
                }
                JsonNode ref = binding.path("roleRef");
                String roleName = ref.path("name").asString("");
                boolean cluster = ref.path("kind").asString("").equals("ClusterRole");
                JsonNode role = cluster ? policy.clusterRole(roleName) : policy.role(a.namespace(), roleName);
                if (role == null) {
                    errors.add((cluster ? "clusterrole" : "role") + ".rbac.authorization.k8s.io \"" + roleName
                            + "\" not found");
                } else if (anyRuleAllows(role, a)) {
                    return Decision.allow("RBAC: allowed by RoleBinding \"" + name(binding) + "/" + a.namespace()
                            + "\" of " + (cluster ? "ClusterRole" : "Role") + " \"" + roleName + "\" to "
                            + describe(subject, a.namespace()));
                }
            }
        }
        return Decision.deny(errors.isEmpty() ? "" : "RBAC: " + (errors.size() == 1 ? errors.get(0)
                : "[" + String.join(", ", errors) + "]"));
    }

    /** The rules that apply to {@code user} in {@code namespace} (cluster-wide ones included), for rules reviews. */
    public List<JsonNode> rulesFor(UserInfo user, String namespace) {
        List<JsonNode> rules = new ArrayList<>();
        for (JsonNode binding : policy.clusterRoleBindings()) {
            if (matchingSubject(binding, user, "") != null) {
                addRules(rules, policy.clusterRole(binding.path("roleRef").path("name").asString("")));
            }
        }
        if (namespace != null && !namespace.isEmpty()) {
            for (JsonNode binding : policy.roleBindings(namespace)) {
                if (matchingSubject(binding, user, namespace) != null) {
                    JsonNode ref = binding.path("roleRef");
                    String roleName = ref.path("name").asString("");
                    addRules(rules, ref.path("kind").asString("").equals("ClusterRole")
                            ? policy.clusterRole(roleName) : policy.role(namespace, roleName));
                }
            }
        }
        return rules;
    }

    private static void addRules(List<JsonNode> into, JsonNode role) {
        if (role != null) {
            role.path("rules").forEach(into::add);
        }
    }

    private static boolean anyRuleAllows(JsonNode role, RequestAttributes a) {
        for (JsonNode rule : role.path("rules")) {
            if (ruleAllows(rule, a)) {
                return true;
            }
        }
        return false;
    }

    static boolean ruleAllows(JsonNode rule, RequestAttributes a) {
        if (!contains(rule.path("verbs"), a.verb(), "*")) {
            return false;
        }
        if (!a.resourceRequest()) {
            for (JsonNode url : rule.path("nonResourceURLs")) {
                String u = url.asString("");
                if (u.equals("*") || u.equals(a.path())
                        || u.endsWith("*") && a.path().startsWith(u.substring(0, u.length() - 1))) {
                    return true;
                }
            }
            return false;
        }
        return contains(rule.path("apiGroups"), a.apiGroup(), "*")
                && resourceMatches(rule.path("resources"), a.combinedResource(), a.subresource())
                && nameMatches(rule.path("resourceNames"), a.name());
    }

    private static boolean resourceMatches(JsonNode resources, String combined, String subresource) {
        for (JsonNode r : resources) {
            String s = r.asString("");
            if (s.equals("*") || s.equals(combined) || !subresource.isEmpty() && s.equals("*/" + subresource)) {
                return true;
            }
        }
        return false;
    }

    private static boolean nameMatches(JsonNode names, String name) {
        return names.isEmpty() || contains(names, name, null);
    }

    private static boolean contains(JsonNode list, String value, String wildcard) {
        for (JsonNode n : list) {
            String s = n.asString("");
            if (s.equals(value) || s.equals(wildcard)) {
                return true;
            }
        }
        return false;
    }

    private static JsonNode matchingSubject(JsonNode binding, UserInfo user, String bindingNamespace) {
        for (JsonNode s : binding.path("subjects")) {
            String kind = s.path("kind").asString("");
            String name = s.path("name").asString("");
            boolean match = switch (kind) {
                case "User" -> user.name().equals(name);
                case "Group" -> user.inGroup(name);
                case "ServiceAccount" -> {
                    String ns = s.path("namespace").asString("");
                    ns = ns.isEmpty() ? bindingNamespace : ns;
                    yield !ns.isEmpty() && user.name().equals(UserInfo.serviceAccountName(ns, name));
                }
                default -> false;
            };
            if (match) {
                return s;
            }
        }
        return null;
    }

    private static String describe(JsonNode subject, String bindingNamespace) {
        String kind = subject.path("kind").asString("");
        String name = subject.path("name").asString("");
        if (kind.equals("ServiceAccount")) {
            String ns = subject.path("namespace").asString("");
            return "ServiceAccount \"" + name + "/" + (ns.isEmpty() ? bindingNamespace : ns) + "\"";
        }
        return kind + " \"" + name + "\"";
    }

    private static String name(JsonNode obj) {
        return obj.path("metadata").path("name").asString("");
    }
}
