package dev.runner.local.api.auth;

import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * A request refused before it reaches storage, with the metav1.Status body a real API server sends: 401
 * {@code Unauthorized}, or 403 with the message of k8s.io/apiserver's responsewriters.Forbidden wrapped by
 * errors.NewForbidden ({@code pods "p" is forbidden: User "u" cannot create resource "pods/exec" in API group ""
 * in the namespace "ns"}, plus {@code : REASON} when the authorizer gave one).
 */
public record Refusal(int code, String body) {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    public static Refusal unauthorized() {
        Map<String, Object> s = status("Unauthorized", "Unauthorized");
        s.put("code", 401);
        return new Refusal(401, JSON.writeValueAsString(s));
    }

    public static Refusal forbidden(RequestAttributes a, String reason) {
        String message = forbiddenMessage(a) + (reason == null || reason.isEmpty() ? "" : ": " + reason);
        return forbidden(a.apiGroup(), a.resource(), a.name(), message, a.resourceRequest());
    }

    /** 403 for {@code group}/{@code resource} named {@code name} with {@code detail} after "is forbidden: ". */
    public static Refusal forbidden(String group, String resource, String name, String detail, boolean qualified) {
        String gr = !qualified || resource.isEmpty() ? "" : group.isEmpty() ? resource : resource + "." + group;
        String message = gr.isEmpty() ? "forbidden: " + detail
                : name.isEmpty() ? gr + " is forbidden: " + detail : gr + " \"" + name + "\" is forbidden: " + detail;
        Map<String, Object> s = status(message, "Forbidden");
        Map<String, Object> details = new LinkedHashMap<>();
        if (!name.isEmpty()) {
            details.put("name", name);
        }
        if (!group.isEmpty()) {
            details.put("group", group);
        }
        details.put("kind", resource);
        s.put("details", details);
        s.put("code", 403);
        return new Refusal(403, JSON.writeValueAsString(s));
    }

    static String forbiddenMessage(RequestAttributes a) {
        String user = a.user() == null ? "" : a.user().name();
        if (!a.resourceRequest()) {
            return "User \"" + user + "\" cannot " + a.verb() + " path \"" + a.path() + "\"";
        }
        String scope = a.namespace().isEmpty() ? "at the cluster scope" : "in the namespace \"" + a.namespace() + "\"";
        return "User \"" + user + "\" cannot " + a.verb() + " resource \"" + a.combinedResource() + "\" in API group \""
                + a.apiGroup() + "\" " + scope;
    }

    private static Map<String, Object> status(String message, String reason) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("kind", "Status");
        s.put("apiVersion", "v1");
        s.put("metadata", Map.of());
        s.put("status", "Failure");
        s.put("message", message);
        s.put("reason", reason);
        return s;
    }
}
