package dev.runner.local.api;

import dev.runner.local.api.registry.ApiException;
import dev.runner.local.api.registry.Patches;
import dev.runner.local.api.registry.ResourceRef;
import io.fabric8.mockwebserver.http.MockResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code scale} subresource of Deployments and ReplicaSets ({@code kubectl scale}): an autoscaling/v1 Scale
 * read from the object; a PUT or PATCH of it changes {@code spec.replicas} through the object's own write path.
 * https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/deployment-v1/#replace-scale-of-the-specified-deployment
 */
final class ScaleSubresource {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<String> SCALABLE = Set.of("deployments", "replicasets");

    private ScaleSubresource() {}

    static boolean handles(ResourceRef ref) {
        return ref != null && "scale".equals(ref.subresource()) && SCALABLE.contains(ref.resource());
    }

    /** Answers a GET, PUT or PATCH of the scale of {@code ref}'s object. */
    static MockResponse handle(ApiRequest request, AdmittedWrites writes) {
        ResourceRef ref = request.ref();
        try {
            ObjectNode live = writes.liveOrNull(ref);
            if (live == null) {
                throw ApiException.notFound(ref, ref.name());
            }
            if ("GET".equals(request.method())) {
                return json(200, scale(live));
            }
            JsonNode desired = switch (request.method()) {
                case "PUT" -> JSON.readTree(request.body());
                case "PATCH" -> Patches.apply(ref, request.header("Content-Type"), scale(live), request.body(),
                        request.param("fieldManager"), false);
                default -> throw ApiException.badRequest(ref, "the scale subresource does not take "
                        + request.method());
            };
            JsonNode replicas = desired.path("spec").get("replicas");
            if (replicas == null || !replicas.isIntegralNumber() || replicas.asInt() < 0) {
                throw ApiException.badRequest(ref, "spec.replicas must be a non-negative integer");
            }
            ObjectNode changed = live.deepCopy();
            ((ObjectNode) changed.get("spec")).put("replicas", replicas.asInt());
            MockResponse stored = writes.update(request, ref.withoutSubresource(), live, changed);
            if (stored.code() / 100 != 2) {
                return stored;
            }
            return json(200, scale((ObjectNode) JSON.readTree(stored.getBody().getBytes())));
        } catch (ApiException e) {
            return AdmittedWrites.failure(e);
        } catch (RuntimeException e) {
            return AdmittedWrites.failure(ApiException.badRequest(ref, "the body of the request could not be "
                    + "decoded: " + e.getMessage()));
        }
    }

    private static ObjectNode scale(ObjectNode obj) {
        ObjectNode scale = JSON.createObjectNode();
        scale.put("kind", "Scale").put("apiVersion", "autoscaling/v1");
        ObjectNode meta = scale.putObject("metadata");
        for (String f : List.of("name", "namespace", "uid", "resourceVersion", "creationTimestamp")) {
            if (obj.path("metadata").has(f)) {
                meta.set(f, obj.path("metadata").get(f));
            }
        }
        scale.putObject("spec").put("replicas", obj.path("spec").path("replicas").asInt(1));
        ObjectNode status = scale.putObject("status");
        status.put("replicas", obj.path("status").path("replicas").asInt(0));
        List<String> selector = new ArrayList<>();
        obj.path("spec").path("selector").path("matchLabels").properties()
                .forEach(e -> selector.add(e.getKey() + "=" + e.getValue().asString()));
        status.put("selector", String.join(",", selector));
        return scale;
    }

    private static MockResponse json(int code, JsonNode body) {
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json")
                .setBody(JSON.writeValueAsString(body));
    }
}
