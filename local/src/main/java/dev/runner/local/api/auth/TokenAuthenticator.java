package dev.runner.local.api.auth;

import java.util.Set;

/**
 * Bearer-token authentication (https://kubernetes.io/docs/reference/access-authn-authz/authentication/): the
 * kubeconfig's admin token is the cluster admin (system:masters); a service account token is valid while its
 * signature holds, it has not expired, and the ServiceAccount (and the Pod it is bound to) still exist with the uids
 * it names — a token of a deleted ServiceAccount or Pod is refused like upstream's bound-token check. No
 * Authorization header: {@code system:anonymous}. A token that is not valid: 401, never anonymous.
 */
public final class TokenAuthenticator {
    /** The request carried a token that does not authenticate (HTTP 401 Unauthorized). */
    public static final class Unauthorized extends Exception {
        Unauthorized() {
            super("Unauthorized");
        }
    }

    /** The uid of a stored object, or null when it does not exist. */
    public interface UidLookup {
        String uid(String resource, String namespace, String name);
    }

    private final Set<String> adminTokens;
    private final ServiceAccountTokens tokens;
    private final UidLookup lookup;

    public TokenAuthenticator(Set<String> adminTokens, ServiceAccountTokens tokens, UidLookup lookup) {
        this.adminTokens = Set.copyOf(adminTokens);
        this.tokens = tokens;
        this.lookup = lookup;
    }

    public UserInfo authenticate(String authorization) throws Unauthorized {
        if (authorization == null || authorization.isBlank()) {
            return UserInfo.anonymous();
        }
        String[] parts = authorization.trim().split("\\s+", 2);
        if (parts.length != 2 || !parts[0].equalsIgnoreCase("Bearer")) {
            throw new Unauthorized();
        }
        String token = parts[1];
        if (adminTokens.contains(token)) {
            return UserInfo.admin();
        }
        ServiceAccountTokens.Claims c = tokens.verify(token);
        if (c == null || !c.serviceAccountUid().equals(lookup.uid("serviceaccounts", c.namespace(),
                c.serviceAccount()))) {
            throw new Unauthorized();
        }
        if (!c.podName().isEmpty() && !c.podUid().equals(lookup.uid("pods", c.namespace(), c.podName()))) {
            throw new Unauthorized();
        }
        return UserInfo.serviceAccount(c.namespace(), c.serviceAccount(), c.serviceAccountUid());
    }
}
