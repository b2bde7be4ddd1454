package dev.runner.local.api.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestAttributesTest {
    private static String show(RequestAttributes a) {
        return a.resourceRequest() ? String.join("|", a.verb(), a.apiGroup(), a.namespace(), a.resource(),
                a.subresource(), a.name()) : a.verb() + " " + a.path();
    }

    private static String parse(String method, String path, Map<String, List<String>> query) {
        return show(RequestAttributes.of(method, path, query));
    }

    @Test
    void verbsAndPartsAsTheRequestInfoFactoryReadsThem() {
        Map<String, List<String>> none = Map.of();
        assertEquals("list||hasura|pods||", parse("GET", "/api/v1/namespaces/hasura/pods", none));
        assertEquals("watch||hasura|pods||", parse("GET", "/api/v1/namespaces/hasura/pods", Map.of("watch",
                List.of("true"))));
        assertEquals("watch||hasura|pods||p", parse("GET", "/api/v1/namespaces/hasura/pods", Map.of("watch",
                List.of("true"), "fieldSelector", List.of("metadata.name=p"))));
        assertEquals("get||hasura|pods|exec|p", parse("GET", "/api/v1/namespaces/hasura/pods/p/exec", none));
        assertEquals("create||hasura|pods|exec|p", parse("POST", "/api/v1/namespaces/hasura/pods/p/exec", none));
        assertEquals("patch|apps|hasura|deployments||pg",
                parse("PATCH", "/apis/apps/v1/namespaces/hasura/deployments/pg", none));
        assertEquals("deletecollection|batch|hasura|jobs||",
                parse("DELETE", "/apis/batch/v1/namespaces/hasura/jobs", none));
        assertEquals("get||hasura|namespaces||hasura", parse("GET", "/api/v1/namespaces/hasura", none));
        assertEquals("update||hasura|namespaces|finalize|hasura",
                parse("PUT", "/api/v1/namespaces/hasura/finalize", none));
        assertEquals("list|rbac.authorization.k8s.io||clusterroles||",
                parse("GET", "/apis/rbac.authorization.k8s.io/v1/clusterroles", none));
        assertEquals("create|authorization.k8s.io||selfsubjectaccessreviews||",
                parse("POST", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", none));
    }

    @Test
    void discoveryAndHealthAreNonResourceRequests() {
        for (String p : List.of("/api", "/api/v1", "/apis", "/apis/apps", "/apis/apps/v1", "/healthz", "/version")) {
            RequestAttributes a = RequestAttributes.of("GET", p, Map.of());
            assertFalse(a.resourceRequest(), p);
            assertEquals("get " + p, show(a));
        }
        assertTrue(RequestAttributes.of("GET", "/api/v1/pods", Map.of()).resourceRequest());
    }
}
