package dev.runner.local.api;

import dev.runner.local.api.admission.AdmissionRefused;
import dev.runner.local.api.admission.PodSecurityAdmission;
import dev.runner.local.api.admission.ServiceAccountAdmission;
import dev.runner.local.api.auth.AccessReviews;
import dev.runner.local.api.auth.BootstrapPolicy;
import dev.runner.local.api.auth.Refusal;
import dev.runner.local.api.auth.RefusedException;
import dev.runner.local.api.auth.RequestAttributes;
import dev.runner.local.api.auth.RequestGate;
import dev.runner.local.api.auth.ServiceAccountTokens;
import dev.runner.local.api.auth.TokenRequests;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The identity part of the request path around the dispatcher's own handling: authentication, impersonation and
 * RBAC authorization first ({@link RequestGate}); the review and TokenRequest endpoints; then, for writes, the
 * admission plugins — ServiceAccount (mutating, Pod create) and Pod Security (validating, Pods and pod templates).
 * After a namespace is written, what its controllers would add appears in it: the {@code default} ServiceAccount and
 * the {@code kube-root-ca.crt} ConfigMap with the CA of the HTTPS listener.
 */
final class SecurityStages {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The dispatcher's own storage, below every check. */
    interface Store {
        JsonNode read(String path);

        MockResponse create(String collectionPath, byte[] body);
    }

    private final Store store;
    private final RequestGate gate;
    private final AccessReviews reviews;
    private final TokenRequests tokenRequests;
    private final String caPem;

    SecurityStages(Store store, Set<String> adminTokens, ServiceAccountTokens tokens, String caPem) {
        this.store = store;
        this.gate = new RequestGate(adminTokens, tokens, store::read);
        this.reviews = new AccessReviews(gate.authorizer());
        this.tokenRequests = new TokenRequests(tokens);
        this.caPem = caPem;
    }

    /** Stores the default roles and bindings (at server start). */
    void bootstrap() {
        for (Map<String, Object> o : BootstrapPolicy.objects()) {
            String resource = o.get("kind").equals("ClusterRole") ? "clusterroles" : "clusterrolebindings";
            store.create("/apis/rbac.authorization.k8s.io/v1/" + resource, JSON.writeValueAsBytes(o));
        }
    }

    MockResponse handle(RecordedRequest request, String path, Map<String, List<String>> query,
            Function<RecordedRequest, MockResponse> next) {
        String method = request.getMethod();
        RequestGate.Passed passed;
        try {
            passed = gate.check(method, path, query, request.getHeaders().toMultimap());
        } catch (RefusedException e) {
            return refusal(e.refusal());
        }
        byte[] body = request.getBody() == null ? new byte[0] : request.getBody().getBytes();
        if (method.equals("POST") && AccessReviews.handles(path)) {
            return json(201, reviews.answer(path, passed.user(), body));
        }
        RequestAttributes a = passed.attributes();
        if (TokenRequests.handles(method, path)) {
            return tokenRequest(a, body);
        }
        List<String> warnings = new ArrayList<>();
        RecordedRequest admitted = request;
        if ((method.equals("POST") || method.equals("PUT")) && a.resourceRequest()
                && PodSecurityAdmission.applies(a.resource(), a.subresource()) && body.length > 0) {
            try {
                admitted = admit(request, a, body, warnings);
            } catch (AdmissionRefused e) {
                return refusal(Refusal.forbidden(e.group(), e.resource(), e.name(), e.detail(), true));
            } catch (RuntimeException e) {
                admitted = request; // not JSON: the handler below answers it
            }
        }
        MockResponse response = next.apply(admitted);
        if (response.code() / 100 == 2) {
            warnings.forEach(w -> response.addHeader("Warning", "299 - " + ExecListener.quote(w)));
            if (a.resourceRequest() && a.resource().equals("namespaces") && a.subresource().isEmpty()
                    && !method.equals("GET") && !method.equals("DELETE")) {
                namespaceDefaults(response);
            }
        }
        return response;
    }

    private RecordedRequest admit(RecordedRequest request, RequestAttributes a, byte[] body, List<String> warnings)
            throws AdmissionRefused {
        if (!(JSON.readTree(body) instanceof ObjectNode object)) {
            return request;
        }
        String ns = a.namespace();
        JsonNode namespace = store.read("/api/v1/namespaces/" + ns);
        // A namespace that was never created has no controllers' defaults; a real server refuses the write itself
        // (NamespaceLifecycle, not modelled here), so such a pod is let through without a token.
        boolean podCreate = namespace != null && a.resource().equals("pods") && a.subresource().isEmpty()
                && request.getMethod().equals("POST");
        if (podCreate) {
            ServiceAccountAdmission.admit(object, ns, store::read);
        }
        JsonNode old = request.getMethod().equals("PUT") ? store.read(a.path()) : null;
        Map<String, String> labels = new LinkedHashMap<>();
        if (namespace != null) {
            namespace.path("metadata").path("labels").properties().forEach(e -> labels.put(e.getKey(),
                    e.getValue().asString("")));
        }
        warnings.addAll(PodSecurityAdmission.admit(a.resource(), object, old, labels));
        if (!podCreate) {
            return request;
        }
        return new RecordedRequest(request.getHttpVersion(), request.method(), request.getPath(), request.getHeaders(),
                new Buffer(JSON.writeValueAsBytes(object)));
    }

    private MockResponse tokenRequest(RequestAttributes a, byte[] body) {
        JsonNode sa = store.read("/api/v1/namespaces/" + a.namespace() + "/serviceaccounts/" + a.name());
        if (sa == null) {
            return notFound("serviceaccounts", a.name());
        }
        try {
            return json(201, tokenRequests.answer(a.namespace(), a.name(), sa.path("metadata").path("uid")
                    .asString(""), body, (ns, pod) -> {
                        JsonNode p = store.read("/api/v1/namespaces/" + ns + "/pods/" + pod);
                        return p == null ? null : p.path("metadata").path("uid").asString("");
                    }));
        } catch (TokenRequests.BoundObjectMissing e) {
            return notFound("pods", e.getMessage());
        }
    }

    /** The serviceaccount and root-ca-cert-publisher controllers' part, done at once instead of soon after. */
    private void namespaceDefaults(MockResponse written) {
        String ns;
        try {
            ns = JSON.readTree(written.getBody().getBytes()).path("metadata").path("name").asString("");
        } catch (RuntimeException e) {
            return;
        }
        if (ns.isEmpty()) {
            return;
        }
        String base = "/api/v1/namespaces/" + ns;
        if (store.read(base + "/serviceaccounts/default") == null) {
            store.create(base + "/serviceaccounts", JSON.writeValueAsBytes(Map.of("apiVersion", "v1", "kind",
                    "ServiceAccount", "metadata", Map.of("name", "default", "namespace", ns))));
        }
        if (store.read(base + "/configmaps/kube-root-ca.crt") == null) {
            store.create(base + "/configmaps", JSON.writeValueAsBytes(Map.of("apiVersion", "v1", "kind", "ConfigMap",
                    "metadata", Map.of("name", "kube-root-ca.crt", "namespace", ns, "annotations",
                            Map.of("kubernetes.io/description", "Contains a CA bundle that can be used to verify the "
                                    + "kube-apiserver when using internal endpoints such as the internal service IP "
                                    + "or kubernetes.default.svc. No other usage is guaranteed across distributions "
                                    + "of Kubernetes clusters.")),
                    "data", Map.of("ca.crt", caPem))));
        }
    }

    private static MockResponse notFound(String resource, String name) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("kind", "Status");
        s.put("apiVersion", "v1");
        s.put("metadata", Map.of());
        s.put("status", "Failure");
        s.put("message", name.contains("\"") ? name : resource + " \"" + name + "\" not found");
        s.put("reason", "NotFound");
        s.put("details", Map.of("kind", resource));
        s.put("code", 404);
        return json(404, JSON.writeValueAsString(s));
    }

    private static MockResponse refusal(Refusal r) {
        return json(r.code(), r.body());
    }

    private static MockResponse json(int code, String body) {
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json").setBody(body);
    }
}
