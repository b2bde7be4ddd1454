package dev.runner.step;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * One kind of Kubernetes API access a step needs, as an RBAC rule names it: API group ({@code ""} for the core
 * group), resource (with a subresource as {@code pods/exec}) and verbs, namespaced or cluster-wide. Plain data, so
 * the engine (which knows no Kubernetes client) can collect it from {@link StepType#apiAccess} and a command can
 * turn it into a Role (https://kubernetes.io/docs/reference/access-authn-authz/rbac/#role-and-clusterrole).
 *
 * @param namespace where a namespaced access is needed; null means the run's namespace ({@code -n}, else the
 *                  kube context's); always null for cluster-scoped access
 * @param context   the kube context; null means the run's
 */
public record ApiAccess(String group, String resource, SortedSet<String> verbs, boolean clusterScoped,
                        String namespace, String context) {

    public ApiAccess {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(resource, "resource");
        if (verbs.isEmpty()) {
            throw new IllegalArgumentException("no verbs for " + resource);
        }
        verbs = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(verbs));
        namespace = clusterScoped || namespace == null || namespace.isBlank() ? null : namespace;
        context = context == null || context.isBlank() ? null : context;
    }

    /** A namespaced resource in the run's namespace. */
    public static ApiAccess namespaced(String group, String resource, String... verbs) {
        return new ApiAccess(group, resource, new TreeSet<>(List.of(verbs)), false, null, null);
    }

    /** A cluster-scoped resource (Namespace, ClusterRole, ...). */
    public static ApiAccess cluster(String group, String resource, String... verbs) {
        return new ApiAccess(group, resource, new TreeSet<>(List.of(verbs)), true, null, null);
    }

    /** The same access in {@code ns} (null or blank: the run's namespace). */
    public ApiAccess in(String ns) {
        return new ApiAccess(group, resource, verbs, clusterScoped, ns, context);
    }

    /** The same access through kube context {@code ctx} (null or blank: the run's). */
    public ApiAccess through(String ctx) {
        return new ApiAccess(group, resource, verbs, clusterScoped, namespace, ctx);
    }

    /** These and {@code more} verbs. */
    public ApiAccess plus(Collection<String> more) {
        SortedSet<String> all = new TreeSet<>(verbs);
        all.addAll(more);
        return new ApiAccess(group, resource, all, clusterScoped, namespace, context);
    }

    /** {@code group/resource: verbs}, for messages. */
    @Override
    public String toString() {
        return (group.isEmpty() ? "" : group + "/") + resource + " " + String.join(",", verbs)
                + (clusterScoped ? " (cluster)" : namespace == null ? "" : " in " + namespace)
                + (context == null ? "" : " via context " + context);
    }
}
