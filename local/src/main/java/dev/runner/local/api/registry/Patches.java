package dev.runner.local.api.registry;

import io.fabric8.zjsonpatch.JsonPatch;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The four PATCH content types the API server accepts, applied to the live object: JSON patch (RFC 6902), JSON
 * merge patch (RFC 7386), strategic merge patch and server-side apply.
 * https://kubernetes.io/docs/tasks/manage-kubernetes-objects/update-api-object-kubectl-patch/
 */
public final class Patches {
    private Patches() {}

    /** The patched object; {@code live} is null only for server-side apply of an object that does not exist yet. */
    public static ObjectNode apply(ResourceRef ref, String contentType, JsonNode live, byte[] body, String manager,
            boolean force) throws ApiException {
        String type = contentType == null ? "" : contentType.split(";")[0].trim();
        try {
            JsonNode result = switch (type) {
                case "application/json-patch+json" -> JsonPatch.apply(Json.MAPPER.readTree(body), live);
                case "application/merge-patch+json" -> MergePatch.apply(live, Json.MAPPER.readTree(body));
                case "application/strategic-merge-patch+json" ->
                        StrategicMergePatch.apply(live, Json.MAPPER.readTree(body));
                case "application/apply-patch+yaml", "application/apply-patch+json" ->
                        ServerSideApply.apply(ref, live, yaml(body), manager, force);
                default -> throw ApiException.unsupportedMediaType(ref, type);
            };
            if (!(result instanceof ObjectNode o)) {
                throw ApiException.badRequest(ref, "the patch did not produce an object");
            }
            return o;
        } catch (ApiException e) {
            throw e;
        } catch (RuntimeException e) {
            throw ApiException.badRequest(ref, "the patch could not be applied: " + e.getMessage());
        }
    }

    public static boolean isApply(String contentType) {
        return contentType != null && contentType.startsWith("application/apply-patch");
    }

    private static ObjectNode yaml(byte[] body) {
        Object doc = new Load(LoadSettings.builder().build()).loadFromString(new String(body,
                java.nio.charset.StandardCharsets.UTF_8));
        if (!(doc instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("the apply configuration is not an object");
        }
        return Json.MAPPER.valueToTree(doc);
    }
}
