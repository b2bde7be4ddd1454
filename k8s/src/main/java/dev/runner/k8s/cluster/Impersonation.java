package dev.runner.k8s.cluster;

import dev.runner.step.StepException;
import io.fabric8.kubernetes.api.model.AuthInfo;
import io.fabric8.kubernetes.client.ConfigBuilder;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who the requests act as, like kubectl
 * (https://kubernetes.io/docs/reference/access-authn-authz/authentication/#user-impersonation): the kubeconfig
 * user's {@code as}, {@code as-groups} and {@code as-user-extra}, each replaced by {@code --as} / {@code --as-group}
 * when given (flags win over the kubeconfig, field by field, as in kubectl). The client sends them as the
 * {@code Impersonate-User}, {@code Impersonate-Group} and {@code Impersonate-Extra-*} headers. Groups or extras
 * without a user are refused before any request, as client-go refuses them ("without impersonating a user").
 */
record Impersonation(String user, List<String> groups, Map<String, List<String>> extra) {

    /** Groups in the {@link Clusters#AS_GROUPS} setting are separated by this (a group name has no line break). */
    static final String GROUP_SEPARATOR = "\n";

    static Impersonation of(Optional<AuthInfo> kubeconfigUser, Map<String, String> settings) throws StepException {
        AuthInfo u = kubeconfigUser.orElse(null);
        String user = settings.get(Clusters.AS) != null ? settings.get(Clusters.AS) : u == null ? null : u.getAs();
        List<String> groups = settings.get(Clusters.AS_GROUPS) != null
                ? Arrays.stream(settings.get(Clusters.AS_GROUPS).split(GROUP_SEPARATOR)).filter(g -> !g.isEmpty()).toList()
                : u == null || u.getAsGroups() == null ? List.of() : u.getAsGroups();
        Map<String, List<String>> extra = u == null || u.getAsUserExtra() == null ? Map.of() : u.getAsUserExtra();
        if ((user == null || user.isEmpty()) && (!groups.isEmpty() || !extra.isEmpty())) {
            throw new StepException("impersonation: groups (--as-group or the kubeconfig user's as-groups) or "
                    + "as-user-extra need a user to impersonate: give --as", false);
        }
        return new Impersonation(user == null || user.isEmpty() ? null : user, groups, extra);
    }

    ConfigBuilder applyTo(ConfigBuilder config) {
        if (user == null) {
            return config;
        }
        config.withImpersonateUsername(user).withImpersonateGroups(groups.toArray(String[]::new));
        if (!extra.isEmpty()) {
            config.withImpersonateExtras(extra);
        }
        return config;
    }
}
