package dev.runner.local.api.auth;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * The first stages of the request path, as in k8s.io/apiserver's handler chain: authentication (bearer token),
 * impersonation, then authorization of the request's attributes by RBAC. A request that passes comes out with the
 * user it acts as; one that does not comes out as the 401 or 403 the client sees.
 */
public final class RequestGate {

    /** A request let through: who it acts as and what it asks. */
    public record Passed(UserInfo user, RequestAttributes attributes) {}

    private final TokenAuthenticator authenticator;
    private final RbacAuthorizer authorizer;

    /** {@code read}: a stored object or list at an API path, or null (RBAC objects, ServiceAccounts, Pods). */
    public RequestGate(Set<String> adminTokens, ServiceAccountTokens tokens, Function<String, JsonNode> read) {
        this.authenticator = new TokenAuthenticator(adminTokens, tokens, (resource, ns, name) -> {
            JsonNode o = read.apply("/api/v1/namespaces/" + ns + "/" + resource + "/" + name);
            return o == null ? null : o.path("metadata").path("uid").asString(null);
        });
        this.authorizer = new RbacAuthorizer(new StoredPolicy(read));
    }

    public RbacAuthorizer authorizer() {
        return authorizer;
    }

    public Passed check(String method, String path, Map<String, List<String>> query,
            Map<String, List<String>> headers) throws RefusedException {
        UserInfo user;
        try {
            user = authenticator.authenticate(header(headers, "Authorization"));
            user = Impersonation.apply(user, headers, authorizer);
        } catch (TokenAuthenticator.Unauthorized e) {
            throw new RefusedException(Refusal.unauthorized());
        }
        RequestAttributes a = RequestAttributes.of(method, path, query).withUser(user);
        Decision d = authorizer.authorize(a);
        if (!d.allowed()) {
            throw new RefusedException(Refusal.forbidden(a, d.reason()));
        }
        return new Passed(user, a);
    }

    private static String header(Map<String, List<String>> headers, String name) {
        for (var e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name) && e.getValue() != null && !e.getValue().isEmpty()) {
                return e.getValue().get(0);
            }
        }
        return null;
    }
}
