package dev.runner.local.api.registry;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A refused request as the body of a metav1.Status, with details.causes for field errors. */
public final class StatusResponse {
    private StatusResponse() {}

    public static String body(ApiException e) {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("kind", "Status");
        status.put("apiVersion", "v1");
        status.put("metadata", Map.of());
        status.put("status", "Failure");
        status.put("message", e.getMessage());
        status.put("reason", e.reason());
        ResourceRef ref = e.ref();
        if (ref != null) {
            Map<String, Object> details = new LinkedHashMap<>();
            if (ref.name() != null) {
                details.put("name", ref.name());
            }
            details.put("group", ref.group());
            details.put("kind", ref.kind() != null && e.code() == 422 ? ref.kind() : ref.resource());
            List<Map<String, String>> causes = e.causes().stream().map(c -> Map.of("reason", c.type(), "message",
                    c.detail(), "field", c.field())).toList();
            if (!causes.isEmpty()) {
                details.put("causes", causes);
            }
            status.put("details", details);
        }
        status.put("code", e.code());
        return Json.MAPPER.writeValueAsString(status);
    }
}
