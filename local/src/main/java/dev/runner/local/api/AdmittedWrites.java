package dev.runner.local.api;

import dev.runner.local.api.registry.ApiException;
import dev.runner.local.api.registry.Patches;
import dev.runner.local.api.registry.Registry;
import dev.runner.local.api.registry.ResourceRef;
import dev.runner.local.api.registry.StatusResponse;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * POST, PUT and PATCH of the modelled kinds, the way the API server handles them: a patch is applied to the live
 * object here (all four patch types), the result goes through the {@link Registry} (decode, default, validate,
 * immutability), managedFields are updated, and only an admitted object reaches the CRUD store as a POST or PUT.
 * Warnings (unknown fields under fieldValidation=Warn) travel back as {@code Warning} headers (RFC 7234 code 299).
 */
final class AdmittedWrites {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Function<String, MockResponse> get;
    private final Function<RecordedRequest, MockResponse> store;

    AdmittedWrites(Function<String, MockResponse> get, Function<RecordedRequest, MockResponse> store) {
        this.get = get;
        this.store = store;
    }

    MockResponse handle(RecordedRequest request, ResourceRef ref, Map<String, List<String>> query) {
        String validation = first(query, "fieldValidation");
        String manager = manager(request, query);
        try {
            byte[] body = request.getBody() == null ? new byte[0] : request.getBody().getBytes();
            return switch (request.getMethod()) {
                case "POST" -> create(request, ref, parse(ref, body), validation, manager);
                case "PUT" -> update(request, ref, live(ref), parse(ref, body), validation, manager);
                case "PATCH" -> patch(request, ref, body, validation, manager, "true".equals(first(query, "force")));
                default -> store.apply(request);
            };
        } catch (ApiException e) {
            return new MockResponse().setResponseCode(e.code()).setHeader("Content-Type", "application/json")
                    .setBody(StatusResponse.body(e));
        }
    }

    private MockResponse patch(RecordedRequest request, ResourceRef ref, byte[] body, String validation,
            String manager, boolean force) throws ApiException {
        ObjectNode live = liveOrNull(ref);
        String type = request.getHeader("Content-Type");
        if (live == null && !Patches.isApply(type)) {
            throw notFound(ref);
        }
        ObjectNode patched = Patches.apply(ref, type, live, body, manager, force);
        if (live == null) {
            Registry.Admitted a = Registry.create(ResourceRef.parse(ref.collectionPath()), patched, validation);
            return answer(store.apply(rewrite(request, "POST", ref.collectionPath(), a.body())), a.warnings());
        }
        Registry.Admitted a = Registry.update(ref, live, patched, validation);
        if (!Patches.isApply(type)) {
            Registry.trackUpdate(ref, live, a.object(), manager);
        }
        return answer(store.apply(rewrite(request, "PUT", ref.objectPath(), a.body())), a.warnings());
    }

    private MockResponse create(RecordedRequest request, ResourceRef ref, ObjectNode obj, String validation,
            String manager) throws ApiException {
        Registry.Admitted a = Registry.create(ref, obj, validation);
        Registry.trackUpdate(ref, null, a.object(), manager);
        return answer(store.apply(rewrite(request, "POST", request.getPath(), a.body())), a.warnings());
    }

    private MockResponse update(RecordedRequest request, ResourceRef ref, ObjectNode live, ObjectNode obj,
            String validation, String manager) throws ApiException {
        Registry.Admitted a = Registry.update(ref, live, obj, validation);
        Registry.trackUpdate(ref, live, a.object(), manager);
        return answer(store.apply(rewrite(request, "PUT", request.getPath(), a.body())), a.warnings());
    }

    private ObjectNode live(ResourceRef ref) throws ApiException {
        ObjectNode live = liveOrNull(ref);
        if (live == null) {
            throw notFound(ref);
        }
        return live;
    }

    private ObjectNode liveOrNull(ResourceRef ref) {
        MockResponse current = get.apply(ref.objectPath());
        if (current.code() != 200 || current.getBody() == null) {
            return null;
        }
        return (ObjectNode) JSON.readTree(current.getBody().getBytes());
    }

    private static ApiException notFound(ResourceRef ref) {
        return ApiException.notFound(ref, ref.name());
    }

    private static ObjectNode parse(ResourceRef ref, byte[] body) throws ApiException {
        try {
            if (JSON.readTree(body) instanceof ObjectNode o) {
                return o;
            }
        } catch (RuntimeException e) {
            // answered below as the API server answers an undecodable body
        }
        throw ApiException.badRequest(ref, "the body of the request could not be decoded as JSON");
    }

    private static MockResponse answer(MockResponse stored, List<String> warnings) {
        if (stored.code() / 100 == 2) {
            warnings.forEach(w -> stored.addHeader("Warning", "299 - " + ExecListener.quote(w)));
        }
        return stored;
    }

    private static RecordedRequest rewrite(RecordedRequest request, String method, String path, byte[] body) {
        String full = request.getPath();
        int q = full.indexOf('?');
        return new RecordedRequest(request.getHttpVersion(), io.fabric8.mockwebserver.dsl.HttpMethod.valueOf(method), q < 0 ? path : path + full.substring(q),
                request.getHeaders(), new Buffer(body));
    }

    /** The fieldManager parameter, else what the server derives from the User-Agent (its part before '/'). */
    private static String manager(RecordedRequest request, Map<String, List<String>> query) {
        String m = first(query, "fieldManager");
        if (m != null) {
            return m;
        }
        String agent = request.getHeader("User-Agent");
        return agent == null || agent.isEmpty() ? "unknown" : agent.split("/")[0];
    }

    private static String first(Map<String, List<String>> query, String key) {
        List<String> v = query.get(key);
        return v == null || v.isEmpty() || v.get(0).isEmpty() ? null : v.get(0);
    }
}
