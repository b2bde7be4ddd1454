package dev.runner.local.api;

import dev.runner.local.api.registry.ApiException;
import dev.runner.local.api.registry.ResourceRef;
import io.fabric8.mockwebserver.http.MockResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The CRUD store's refusals as the API server words them (k8s.io/apimachinery/pkg/api/errors): 404 NotFound,
 * 409 AlreadyExists on a create of a taken name, 409 Conflict on a stale resourceVersion — each a metav1.Status
 * with reason and details, which is what clients branch on (kubectl prints
 * {@code Error from server (AlreadyExists): deployments.apps "web" already exists}).
 * https://kubernetes.io/docs/reference/using-api/api-concepts/#resource-versions
 */
final class StoreErrors {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private StoreErrors() {}

    static MockResponse worded(ApiRequest request, MockResponse stored) {
        ResourceRef ref = request.ref();
        if (ref == null || stored.code() != 404 && stored.code() != 409 || alreadyWorded(stored)) {
            return stored;
        }
        String name = ref.name() != null ? ref.name() : nameInBody(request);
        ApiException e;
        if (stored.code() == 404) {
            if (name == null) {
                return stored;
            }
            e = ApiException.notFound(ref, name);
        } else if ("POST".equals(request.method())) {
            e = ApiException.alreadyExists(ref, name);
        } else {
            e = ApiException.staleResourceVersion(ref, name);
        }
        return AdmittedWrites.failure(e);
    }

    /** Ours carry a reason; the CRUD store's have no body or the reason "Invalid" for every refusal. */
    private static boolean alreadyWorded(MockResponse stored) {
        try {
            JsonNode body = stored.getBody() == null ? null : JSON.readTree(stored.getBody().getBytes());
            String reason = body == null || body.get("reason") == null ? null : body.get("reason").asString();
            return reason != null && !reason.equals("Invalid");
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static String nameInBody(ApiRequest request) {
        try {
            JsonNode body = JSON.readTree(request.body());
            JsonNode name = body == null ? null : body.path("metadata").get("name");
            return name == null ? null : name.asString();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
