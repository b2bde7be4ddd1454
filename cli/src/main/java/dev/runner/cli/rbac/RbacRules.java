package dev.runner.cli.rbac;

import dev.runner.step.ApiAccess;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The least RBAC rules for a set of {@link ApiAccess}es, per kube context: one Role's rules per namespace and one
 * ClusterRole's rules for cluster-wide access. Verbs of one resource are merged; resources of one API group that
 * need the same verbs share a rule; everything is sorted, so the output is stable and diffs well.
 */
public final class RbacRules {
    /** Where rules apply: a namespace's Role, or (namespace null) the ClusterRole; context null = the run's. */
    public record Scope(String context, String namespace, boolean cluster) implements Comparable<Scope> {
        @Override
        public int compareTo(Scope o) {
            int c = compareNullable(context, o.context);
            if (c != 0) {
                return c;
            }
            c = Boolean.compare(cluster, o.cluster);
            return c != 0 ? c : compareNullable(namespace, o.namespace);
        }

        private static int compareNullable(String a, String b) {
            return Objects.equals(a, b) ? 0 : a == null ? -1 : b == null ? 1 : a.compareTo(b);
        }
    }

    /** One rule: an API group, its resources and the verbs they all get. */
    public record Rule(String group, SortedSet<String> resources, SortedSet<String> verbs) {
    }

    private final Map<Scope, Map<String, Map<String, SortedSet<String>>>> verbs = new TreeMap<>();

    /**
     * @param runNamespace the namespace of accesses that name none (the run's {@code -n}); null keeps them apart
     *                     as the run's namespace, unnamed
     */
    public static RbacRules of(Collection<ApiAccess> accesses, String runNamespace) {
        RbacRules r = new RbacRules();
        for (ApiAccess a : accesses) {
            Scope s = new Scope(a.context(), a.clusterScoped() ? null : a.namespace() != null ? a.namespace()
                    : runNamespace, a.clusterScoped());
            r.verbs.computeIfAbsent(s, k -> new TreeMap<>()).computeIfAbsent(a.group(), k -> new TreeMap<>())
                    .computeIfAbsent(a.resource(), k -> new TreeSet<>()).addAll(a.verbs());
        }
        return r;
    }

    public List<Scope> scopes() {
        return List.copyOf(verbs.keySet());
    }

    /** The rules of one scope, by group, then by verb set. */
    public List<Rule> rules(Scope scope) {
        List<Rule> out = new ArrayList<>();
        verbs.getOrDefault(scope, Map.of()).forEach((group, byResource) -> {
            Map<String, SortedSet<String>> resourcesByVerbs = new TreeMap<>();
            Map<String, SortedSet<String>> verbSets = new TreeMap<>();
            byResource.forEach((resource, v) -> {
                String key = String.join(",", v);
                resourcesByVerbs.computeIfAbsent(key, k -> new TreeSet<>()).add(resource);
                verbSets.put(key, v);
            });
            resourcesByVerbs.forEach((key, resources) -> out.add(new Rule(group, resources, verbSets.get(key))));
        });
        out.sort((a, b) -> a.group().equals(b.group()) ? a.resources().first().compareTo(b.resources().first())
                : a.group().compareTo(b.group()));
        return out;
    }
}
