package dev.runner.local.api.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Authentication, impersonation and the 401/403 bodies of the gate, on a store held in a map. */
class GateTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final Map<String, JsonNode> store = new HashMap<>();
    private final ServiceAccountTokens tokens = new ServiceAccountTokens();
    private final RequestGate gate = new RequestGate(Set.of("admin-token"), tokens, store::get);

    GateTest() {
        for (var o : BootstrapPolicy.objects()) {
            JsonNode n = JSON.valueToTree(o);
            String name = n.path("metadata").path("name").asString("");
            if (n.path("kind").asString("").equals("ClusterRole")) {
                store.put("/apis/rbac.authorization.k8s.io/v1/clusterroles/" + name, n);
            }
        }
        store.put("/apis/rbac.authorization.k8s.io/v1/clusterrolebindings", JSON.valueToTree(Map.of("items",
                BootstrapPolicy.objects().stream().filter(o -> o.get("kind").equals("ClusterRoleBinding")).toList())));
        store.put("/api/v1/namespaces/ns/serviceaccounts/sa", JSON.readTree("{\"metadata\":{\"uid\":\"sa-uid\"}}"));
        store.put("/api/v1/namespaces/ns/pods/p", JSON.readTree("{\"metadata\":{\"uid\":\"pod-uid\"}}"));
    }

    private String token(String saUid, String podUid) {
        return tokens.issue(new ServiceAccountTokens.Claims("ns", "sa", saUid, "p", podUid,
                Instant.now().plusSeconds(600)), List.of());
    }

    private RefusedException refused(String method, String path, Map<String, List<String>> headers) {
        return assertThrows(RefusedException.class, () -> gate.check(method, path, Map.of(), headers));
    }

    @Test
    void aServiceAccountTokenWithoutRulesGetsTheUpstream403() throws Exception {
        Map<String, List<String>> h = Map.of("Authorization", List.of("Bearer " + token("sa-uid", "pod-uid")));
        assertEquals("system:serviceaccount:ns:sa", gate.check("GET", "/apis", Map.of(), h).user().name());
        RefusedException r = refused("POST", "/api/v1/namespaces/ns/pods/p/exec", h);
        assertEquals(403, r.refusal().code());
        JsonNode body = JSON.readTree(r.refusal().body());
        assertEquals("pods \"p\" is forbidden: User \"system:serviceaccount:ns:sa\" cannot create resource "
                + "\"pods/exec\" in API group \"\" in the namespace \"ns\"", body.path("message").asString());
        assertEquals("Forbidden", body.path("reason").asString());
        assertEquals("pods", body.path("details").path("kind").asString());
        JsonNode list = JSON.readTree(refused("GET", "/apis/apps/v1/deployments", h).refusal().body());
        assertEquals("deployments.apps is forbidden: User \"system:serviceaccount:ns:sa\" cannot list resource "
                + "\"deployments\" in API group \"apps\" at the cluster scope", list.path("message").asString());
    }

    @Test
    void badOrStaleTokensAre401AndNoTokenIsAnonymous() throws Exception {
        for (String t : List.of("Bearer nonsense", "Bearer " + token("old-uid", "pod-uid"),
                "Bearer " + token("sa-uid", "old-pod"), "Basic abc")) {
            RefusedException r = refused("GET", "/api", Map.of("Authorization", List.of(t)));
            assertEquals(401, r.refusal().code(), t);
            assertEquals("Unauthorized", JSON.readTree(r.refusal().body()).path("message").asString());
        }
        assertEquals("forbidden: User \"system:anonymous\" cannot get path \"/api\"",
                JSON.readTree(refused("GET", "/api", Map.of()).refusal().body()).path("message").asString());
        assertNotNull(gate.check("GET", "/healthz", Map.of(), Map.of()));
        assertEquals("kubernetes-admin", gate.check("DELETE", "/api/v1/nodes/x", Map.of(),
                Map.of("Authorization", List.of("Bearer admin-token"))).user().name());
    }

    @Test
    void theAdminMayImpersonateAServiceAccountWhichMayNotImpersonate() throws Exception {
        var h = Map.of("authorization", List.of("Bearer admin-token"),
                "Impersonate-User", List.of("system:serviceaccount:ns:sa"));
        RequestGate.Passed p = gate.check("POST", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", Map.of(), h);
        assertEquals(List.of("system:serviceaccounts", "system:serviceaccounts:ns", "system:authenticated"),
                p.user().groups());
        String review = new AccessReviews(gate.authorizer()).answer(
                "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", p.user(), ("{\"spec\":{\"resourceAttributes\""
                        + ":{\"namespace\":\"ns\",\"verb\":\"get\",\"resource\":\"pods\"}}}").getBytes());
        assertEquals(false, JSON.readTree(review).path("status").path("allowed").asBoolean(true));
        var sa = Map.of("Authorization", List.of("Bearer " + token("sa-uid", "pod-uid")),
                "Impersonate-User", List.of("jane"));
        assertEquals("users \"jane\" is forbidden: User \"system:serviceaccount:ns:sa\" cannot impersonate resource "
                + "\"users\" in API group \"\" at the cluster scope", JSON.readTree(refused("GET", "/api", sa)
                .refusal().body()).path("message").asString());
    }
}
