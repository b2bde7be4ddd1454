package dev.runner.local.api.auth;

import java.util.ArrayList;
import java.util.List;

/**
 * Who a request comes from, as the authenticators hand it to authorization (k8s.io/apiserver user.Info): name, uid
 * and groups. Service accounts are {@code system:serviceaccount:NS:NAME} in groups {@code system:serviceaccounts} and
 * {@code system:serviceaccounts:NS} (https://kubernetes.io/docs/reference/access-authn-authz/authentication/).
 */
public record UserInfo(String name, String uid, List<String> groups) {
    public static final String MASTERS = "system:masters";
    public static final String AUTHENTICATED = "system:authenticated";
    public static final String UNAUTHENTICATED = "system:unauthenticated";
    public static final String ANONYMOUS = "system:anonymous";
    static final String SA_PREFIX = "system:serviceaccount:";

    public UserInfo {
        groups = List.copyOf(groups);
    }

    /** The kubeconfig's own user: cluster-admin through system:masters, like kubeadm's kubernetes-admin. */
    public static UserInfo admin() {
        return new UserInfo("kubernetes-admin", "", List.of(MASTERS, AUTHENTICATED));
    }

    static UserInfo anonymous() {
        return new UserInfo(ANONYMOUS, "", List.of(UNAUTHENTICATED));
    }

    public static UserInfo serviceAccount(String namespace, String name, String uid) {
        return new UserInfo(serviceAccountName(namespace, name), uid == null ? "" : uid,
                List.of("system:serviceaccounts", "system:serviceaccounts:" + namespace, AUTHENTICATED));
    }

    public static String serviceAccountName(String namespace, String name) {
        return SA_PREFIX + namespace + ":" + name;
    }

    /** A user named by impersonation: a service account name gets its groups; everyone but anonymous is authenticated. */
    static UserInfo impersonated(String name, List<String> groups, String uid) {
        List<String> all = new ArrayList<>(groups);
        String[] sa = serviceAccountParts(name);
        if (sa != null && groups.isEmpty()) {
            all.addAll(List.of("system:serviceaccounts", "system:serviceaccounts:" + sa[0]));
        }
        if (!name.equals(ANONYMOUS) && !all.contains(AUTHENTICATED)) {
            all.add(AUTHENTICATED);
        }
        return new UserInfo(name, uid == null ? "" : uid, all);
    }

    /** [namespace, name] of a service account user name, or null. */
    static String[] serviceAccountParts(String userName) {
        if (!userName.startsWith(SA_PREFIX)) {
            return null;
        }
        String[] parts = userName.substring(SA_PREFIX.length()).split(":", -1);
        return parts.length == 2 && !parts[0].isEmpty() && !parts[1].isEmpty() ? parts : null;
    }

    public boolean inGroup(String group) {
        return groups.contains(group);
    }
}
