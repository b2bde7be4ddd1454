package dev.runner.local.api.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * User impersonation (https://kubernetes.io/docs/reference/access-authn-authz/authentication/#user-impersonation):
 * {@code Impersonate-User}, {@code Impersonate-Group} and {@code Impersonate-Uid} headers make the request act as
 * that user once the requester may {@code impersonate} it — a service account name is checked as the
 * {@code serviceaccounts} resource in its namespace, any other user as {@code users}, each group as {@code groups},
 * a uid as {@code uids} in authentication.k8s.io. The impersonated user gets {@code system:authenticated} (and a
 * service account its groups when none are asked for). This is what {@code kubectl --as} sends.
 */
public final class Impersonation {

    private Impersonation() {}

    /** The user the request acts as: the requester itself when no impersonation header is present. */
    public static UserInfo apply(UserInfo requester, Map<String, List<String>> headers, RbacAuthorizer authorizer)
            throws RefusedException {
        String user = first(headers, "Impersonate-User");
        List<String> groups = all(headers, "Impersonate-Group");
        String uid = first(headers, "Impersonate-Uid");
        if (user == null) {
            if (!groups.isEmpty() || uid != null) {
                throw new RefusedException(Refusal.forbidden("", "", "", "requested " + (uid != null ? "uid" : "groups")
                        + " without impersonating a user", false));
            }
            return requester;
        }
        String[] sa = UserInfo.serviceAccountParts(user);
        check(authorizer, sa != null
                ? RequestAttributes.resource(requester, "impersonate", "", sa[0], "serviceaccounts", "", sa[1])
                : RequestAttributes.resource(requester, "impersonate", "", "", "users", "", user));
        for (String g : groups) {
            check(authorizer, RequestAttributes.resource(requester, "impersonate", "", "", "groups", "", g));
        }
        if (uid != null) {
            check(authorizer, RequestAttributes.resource(requester, "impersonate", "authentication.k8s.io", "", "uids",
                    "", uid));
        }
        return UserInfo.impersonated(user, groups, uid);
    }

    private static void check(RbacAuthorizer authorizer, RequestAttributes a) throws RefusedException {
        Decision d = authorizer.authorize(a);
        if (!d.allowed()) {
            throw new RefusedException(Refusal.forbidden(a, d.reason()));
        }
    }

    private static String first(Map<String, List<String>> headers, String name) {
        List<String> v = all(headers, name);
        return v.isEmpty() ? null : v.get(0);
    }

    private static List<String> all(Map<String, List<String>> headers, String name) {
        List<String> out = new ArrayList<>();
        headers.forEach((k, v) -> {
            if (k.equalsIgnoreCase(name) && v != null) {
                v.stream().filter(s -> !s.isEmpty()).forEach(out::add);
            }
        });
        return out;
    }
}
