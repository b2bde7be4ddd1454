package dev.runner.local.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The part of the OpenAPI v3 documents ({@code /openapi/v3}, {@code /openapi/v3/apis/GROUP/VERSION}) that clients
 * read to learn that the server validates fields itself: every resource's PATCH operation with its
 * {@code x-kubernetes-group-version-kind} and the {@code fieldValidation}, {@code fieldManager}, {@code dryRun} and
 * {@code force} parameters. kubectl's {@code --validate=strict} (its default) checks exactly this
 * (cli-runtime/pkg/resource/query_param_verifier_v3.go) and then sends {@code fieldValidation=Strict} instead of
 * validating on the client. Schemas are not served (kubectl then takes patch merge keys from its compiled-in types).
 * https://kubernetes.io/docs/concepts/overview/kubernetes-api/#openapi-v3
 */
final class OpenApiV3 {
    private static final List<String> PATCH_PARAMS = List.of("dryRun", "fieldManager", "fieldValidation", "force");

    private OpenApiV3() {}

    /** The document for {@code path} (without query), or null when it is not an OpenAPI v3 path served. */
    static Object answer(String path) {
        if (path.equals("/openapi/v3") || path.equals("/openapi/v3/")) {
            Map<String, Object> paths = new LinkedHashMap<>();
            Discovery.resources().stream().map(Discovery.Resource::groupVersion).distinct().forEach(gv -> paths.put(
                    prefix(gv), Map.of("serverRelativeURL", "/openapi/v3/" + prefix(gv) + "?hash=local")));
            return Map.of("paths", paths);
        }
        if (!path.startsWith("/openapi/v3/")) {
            return null;
        }
        String wanted = path.substring("/openapi/v3/".length());
        List<Discovery.Resource> resources = Discovery.resources().stream()
                .filter(r -> prefix(r.groupVersion()).equals(wanted)).toList();
        if (resources.isEmpty()) {
            return null;
        }
        Map<String, Object> paths = new LinkedHashMap<>();
        for (Discovery.Resource r : resources) {
            String base = "/" + prefix(r.groupVersion()) + (r.namespaced() ? "/namespaces/{namespace}/" : "/");
            String[] gv = r.groupVersion().contains("/") ? r.groupVersion().split("/") : new String[] {"", "v1"};
            Map<String, Object> patch = new LinkedHashMap<>();
            patch.put("operationId", "patch" + r.kind());
            patch.put("x-kubernetes-group-version-kind", Map.of("group", gv[0], "version", gv[1], "kind", r.kind()));
            patch.put("parameters", PATCH_PARAMS.stream().map(p -> Map.of("name", p, "in", "query",
                    "schema", Map.of("type", p.equals("force") ? "boolean" : "string"))).toList());
            patch.put("responses", Map.of("200", Map.of("description", "OK")));
            paths.put(base + r.name() + "/{name}", Map.of("patch", patch));
        }
        return Map.of("openapi", "3.0.0", "info", Map.of("title", "Kubernetes", "version", "v1.31.0-runner-local"),
                "paths", paths);
    }

    private static String prefix(String groupVersion) {
        return groupVersion.equals("v1") ? "api/v1" : "apis/" + groupVersion;
    }
}
