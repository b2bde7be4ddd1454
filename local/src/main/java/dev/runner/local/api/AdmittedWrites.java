package dev.runner.local.api;

import dev.runner.local.api.admission.Admission;
import dev.runner.local.api.admission.AdmissionAttributes;
import dev.runner.local.api.admission.AdmissionAttributes.Operation;
import dev.runner.local.api.registry.ApiException;
import dev.runner.local.api.registry.Patches;
import dev.runner.local.api.registry.Registry;
import dev.runner.local.api.registry.ResourceRef;
import dev.runner.local.api.registry.StatusResponse;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.List;
import java.util.function.Function;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * POST, PUT and PATCH of the modelled kinds, in the order of the API server's handlers (k8s.io/apiserver
 * pkg/endpoints/handlers create.go, update.go, patch.go): a patch is applied to the live object (all four patch
 * types); the result is decoded and defaulted by the kind's {@link Registry} stage; mutating admission; the
 * strategy's validation (and immutability on update); validating admission; managedFields; then the CRUD store,
 * which owns uid, resourceVersion (409 Conflict on a stale one, 409 AlreadyExists) and generation. Warnings
 * (unknown fields under fieldValidation=Warn) travel back as {@code Warning: 299 - "…"} headers.
 * With {@code dryRun=All} everything runs except the store, and the would-be object is answered.
 * https://kubernetes.io/docs/reference/using-api/api-concepts/#dry-run
 */
final class AdmittedWrites {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Function<String, MockResponse> get;
    private final Function<RecordedRequest, MockResponse> store;
    private final Admission admission;

    AdmittedWrites(Function<String, MockResponse> get, Function<RecordedRequest, MockResponse> store,
            Admission admission) {
        this.get = get;
        this.store = store;
        this.admission = admission;
    }

    MockResponse handle(ApiRequest request) {
        try {
            return switch (request.method()) {
                case "POST" -> create(request, request.ref(), parse(request.ref(), request.body()), false);
                case "PUT" -> update(request, request.ref(), live(request.ref()), parse(request.ref(), request.body()),
                        false);
                case "PATCH" -> patch(request);
                default -> store.apply(request.raw());
            };
        } catch (ApiException e) {
            return failure(e);
        }
    }

    static MockResponse failure(ApiException e) {
        return new MockResponse().setResponseCode(e.code()).setHeader("Content-Type", "application/json")
                .setBody(StatusResponse.body(e));
    }

    private MockResponse patch(ApiRequest request) throws ApiException {
        ResourceRef ref = request.ref();
        ObjectNode live = liveOrNull(ref);
        String type = request.header("Content-Type");
        if (live == null && !Patches.isApply(type)) {
            throw ApiException.notFound(ref, ref.name());
        }
        boolean apply = Patches.isApply(type);
        // apply names its manager explicitly (the server refuses it otherwise); other writes may derive it
        ObjectNode patched = Patches.apply(ref, type, live, request.body(),
                apply ? request.param("fieldManager") : manager(request), "true".equals(request.param("force")));
        if (live == null) {
            return create(request, ResourceRef.parse(ref.collectionPath()), patched, apply);
        }
        return update(request, ref, live, patched, apply);
    }

    /** {@code applied}: server-side apply has already recorded the managed fields. */
    private MockResponse create(ApiRequest request, ResourceRef path, ObjectNode obj, boolean applied)
            throws ApiException {
        Registry.Prepared p = Registry.prepareCreate(path, obj, request.param("fieldValidation"));
        AdmissionAttributes attributes = new AdmissionAttributes(Operation.CREATE, p.ref(), obj, null,
                request.user(), dryRun(request));
        try {
            admission.mutate(attributes);
            Registry.validateCreate(p.ref(), obj);
            admission.validate(attributes);
        } catch (ApiException e) {
            return answer(failure(e), p.warnings());
        }
        if (!applied) {
            Registry.trackUpdate(p.ref(), null, obj, manager(request));
        }
        if (attributes.dryRun()) {
            return answer(json(201, obj), p.warnings());
        }
        String provisionalUid = obj.path("metadata").path("uid").asString(null);
        MockResponse stored = store.apply(rewrite(request, HttpMethod.POST, path.collectionPath(), obj));
        if (stored.code() / 100 == 2 && stored.getBody() != null) {
            // the CRUD store assigns its own uid: what the strategy derived from ours follows it (one more write)
            ObjectNode saved = (ObjectNode) JSON.readTree(stored.getBody().getBytes());
            ObjectNode rebound = Registry.rebindUid(p.ref(), provisionalUid, saved);
            if (rebound != null) {
                String name = rebound.path("metadata").path("name").asString();
                stored = store.apply(rewrite(request, HttpMethod.PUT, path.withName(name).objectPath(), rebound));
            }
        }
        return answer(stored.code() == 200 ? stored.setResponseCode(201) : stored, p.warnings());
    }

    /** An update of {@code ref}'s object to {@code obj} on behalf of {@code request} (used by subresources). */
    MockResponse update(ApiRequest request, ResourceRef ref, ObjectNode live, ObjectNode obj) throws ApiException {
        return update(request, ref, live, obj, false);
    }

    private MockResponse update(ApiRequest request, ResourceRef ref, ObjectNode live, ObjectNode obj,
            boolean applied) throws ApiException {
        Registry.Prepared p = Registry.prepareUpdate(ref, live, obj, request.param("fieldValidation"));
        AdmissionAttributes attributes = new AdmissionAttributes(Operation.UPDATE, p.ref(), obj, live,
                request.user(), dryRun(request));
        try {
            admission.mutate(attributes);
            Registry.validateUpdate(p.ref(), live, obj);
            admission.validate(attributes);
        } catch (ApiException e) {
            return answer(failure(e), p.warnings());
        }
        if (!applied) {
            Registry.trackUpdate(p.ref(), live, obj, manager(request));
        }
        if (attributes.dryRun()) {
            return answer(json(200, obj), p.warnings());
        }
        return answer(store.apply(rewrite(request, HttpMethod.PUT, ref.objectPath(), obj)), p.warnings());
    }

    private ObjectNode live(ResourceRef ref) throws ApiException {
        ObjectNode live = liveOrNull(ref);
        if (live == null) {
            throw ApiException.notFound(ref, ref.name());
        }
        return live;
    }

    ObjectNode liveOrNull(ResourceRef ref) {
        MockResponse current = get.apply(ref.objectPath());
        if (current.code() != 200 || current.getBody() == null) {
            return null;
        }
        return (ObjectNode) JSON.readTree(current.getBody().getBytes());
    }

    private static boolean dryRun(ApiRequest request) {
        return request.params("dryRun").contains("All");
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

    private static MockResponse json(int code, ObjectNode body) {
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json")
                .setBody(JSON.writeValueAsString(body));
    }

    /** The response with the request's warnings, which the API server sends with a refusal too. */
    private static MockResponse answer(MockResponse response, List<String> warnings) {
        warnings.forEach(w -> response.addHeader("Warning", "299 - " + ExecListener.quote(w)));
        return response;
    }

    private static RecordedRequest rewrite(ApiRequest request, HttpMethod method, String path, ObjectNode body) {
        String full = request.fullPath();
        int q = full.indexOf('?');
        RecordedRequest raw = request.raw();
        return new RecordedRequest(raw.getHttpVersion(), method, q < 0 ? path : path + full.substring(q),
                raw.getHeaders(), new Buffer(JSON.writeValueAsBytes(body)));
    }

    /**
     * The fieldManager parameter, else what the server derives from the User-Agent (its part before '/').
     * https://kubernetes.io/docs/reference/using-api/server-side-apply/#managers
     */
    private static String manager(ApiRequest request) {
        String m = request.param("fieldManager");
        if (m != null) {
            return m;
        }
        String agent = request.header("User-Agent");
        return agent == null || agent.isEmpty() ? "unknown" : agent.split("/")[0];
    }
}
