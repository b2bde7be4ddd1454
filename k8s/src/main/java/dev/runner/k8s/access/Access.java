package dev.runner.k8s.access;

import dev.runner.k8s.Args;
import dev.runner.k8s.manifest.Manifests;
import dev.runner.k8s.manifest.Refs;
import dev.runner.step.AccessArgs;
import dev.runner.step.ApiAccess;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The API access the Kubernetes step types declare, built from what their actions call (read there, kept here in
 * one place so a change of a shared helper changes every declaration using it). Everything is in the step's
 * {@code with.namespace} (else the run's) through {@code with.context} (else the run's). GET /version, which every
 * connection makes, needs no rule: the default ClusterRole system:public-info-viewer grants it to everyone
 * (https://kubernetes.io/docs/reference/access-authn-authz/rbac/#discovery-roles).
 */
public final class Access {
    static final String CORE = "";
    static final String APPS = "apps";
    static final String BATCH = "batch";

    private final AccessArgs args;
    private final String namespace;
    private final String context;
    private final List<ApiAccess> out = new ArrayList<>();
    private List<Map<String, Object>> manifests;

    private Access(AccessArgs args, String namespaceKey, String contextKey) {
        this.args = args;
        this.namespace = args.string(namespaceKey).orElse(null);
        this.context = args.string(contextKey).orElse(null);
    }

    /** Access in the step's namespace and context ({@code with.namespace}, {@code with.context}). */
    public static Access of(AccessArgs args) {
        return new Access(args, "namespace", "context");
    }

    /** Access in the namespace and context named by other keys (copy-secret's from/to). */
    public static Access of(AccessArgs args, String namespaceKey, String contextKey) {
        return new Access(args, namespaceKey, contextKey);
    }

    public List<ApiAccess> list() {
        return List.copyOf(out);
    }

    public Access add(String group, String resource, String... verbs) {
        return add(ApiAccess.namespaced(group, resource, verbs));
    }

    private Access add(ApiAccess a) {
        out.add(a.clusterScoped() ? a.through(context) : a.in(a.namespace() != null ? a.namespace() : namespace)
                .through(context));
        return this;
    }

    /** Finding a pod by {@code with.pod} (get) or {@code with.selector} (list). */
    public Access findPod() {
        return args.with().get("pod") != null ? add(CORE, "pods", "get") : add(CORE, "pods", "list");
    }

    /**
     * {@code pods/exec}: create for SPDY, get for the WebSocket upgrade fabric8 (and kubectl from 1.30) use — a GET
     * that API servers authorize as get, and from 1.35 also as create
     * (https://kubernetes.io/docs/reference/access-authn-authz/authorization/#determine-the-request-verb,
     * https://github.com/kubernetes/kubernetes/issues/119639).
     */
    public Access execInPod() {
        return findPod().add(CORE, "pods/exec", "create", "get");
    }

    /** What a failure report reads: pods' state, their containers' logs and recent events. */
    public Access podReport() {
        return add(CORE, "pods", "list").add(CORE, "pods/log", "get").add(CORE, "events", "list");
    }

    /** Watching an object or a selection (fabric8's informOnCondition lists, then watches). */
    public Access watch(String group, String resource) {
        return add(group, resource, "list", "watch");
    }

    /** Each object of the step's manifests ({@code with.file}/{@code with.manifest}), with these verbs. */
    public Access objects(String... verbs) {
        for (Map<String, Object> o : manifests()) {
            add(KindResources.of(String.valueOf(o.get("apiVersion")), Refs.kind(o), verbs)
                    .in(known(Refs.namespace(o))));
        }
        return this;
    }

    /**
     * A Role or ClusterRole can only be created or updated by someone who holds every permission it grants (RBAC's
     * privilege escalation prevention:
     * https://kubernetes.io/docs/reference/access-authn-authz/rbac/#restrictions-on-role-creation-or-update), so
     * applying one needs its rules too: a Role's in its namespace, a ClusterRole's cluster-wide.
     */
    @SuppressWarnings("unchecked")
    public Access roleRules() {
        for (Map<String, Object> o : manifests()) {
            String kind = Refs.kind(o);
            if (!List.of("Role", "ClusterRole").contains(kind) || !(o.get("rules") instanceof List<?> rules)) {
                continue;
            }
            for (Object r : rules) {
                if (!(r instanceof Map<?, ?> rule) || !(rule.get("verbs") instanceof List<?> verbs)
                        || !(rule.get("apiGroups") instanceof List<?> groups)
                        || !(rule.get("resources") instanceof List<?> resources)) {
                    continue; // nonResourceURLs: not a namespaced grant this tool declares
                }
                String[] v = verbs.stream().map(String::valueOf).toArray(String[]::new);
                for (Object g : groups) {
                    for (Object res : resources) {
                        ApiAccess a = new ApiAccess(String.valueOf(g), String.valueOf(res),
                                new java.util.TreeSet<>(List.of(v)), kind.equals("ClusterRole"), null, null);
                        add(a.in(known(Refs.namespace(o))));
                    }
                }
            }
        }
        return this;
    }

    /** The objects of the step's manifests, read without a cluster; what cannot be read is reported. */
    public List<Map<String, Object>> manifests() {
        if (manifests == null) {
            manifests = readManifests();
        }
        return manifests;
    }

    private List<Map<String, Object>> readManifests() {
        Object file = args.with().get("file");
        Object manifest = args.with().get("manifest");
        if (file == null && manifest == null) {
            return List.of();
        }
        if (!args.known(file) || manifest instanceof String s && !args.known(s)) {
            args.cannotTell("the manifests are named by an output of an earlier step: grant access to their kinds"
                    + " yourself (--assume)");
            return List.of();
        }
        List<Map<String, Object>> objects;
        try {
            objects = Manifests.load(new Args(args.stepId(), args.with()), args.baseDir());
        } catch (IllegalArgumentException e) {
            args.cannotTell("cannot read the manifests: " + e.getMessage());
            return List.of();
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> o : objects) {
            if (!args.known(o.get("apiVersion")) || !args.known(o.get("kind"))) {
                args.cannotTell("an object's kind is only known at run time (" + o.get("apiVersion") + " "
                        + o.get("kind") + "): grant access to it yourself (--assume)");
            } else {
                out.add(o);
            }
        }
        return out;
    }

    /** An object's kind by {@code with.kind} and {@code with.apiVersion} (defaulted for built-in kinds). */
    public Access kind(String apiVersion, String kind, String objectNamespace, String... verbs) {
        if (!args.known(kind) || apiVersion != null && !args.known(apiVersion)) {
            args.cannotTell("the kind " + kind + " is only known at run time: grant access to it yourself (--assume)");
            return this;
        }
        String av;
        try {
            av = String.valueOf(Refs.stub(apiVersion, kind, "x", "x").get("apiVersion"));
        } catch (IllegalArgumentException e) {
            args.cannotTell(e.getMessage());
            return this;
        }
        return add(KindResources.of(av, kind, verbs).in(known(objectNamespace)));
    }

    private String known(String value) {
        return value != null && args.known(value) && !value.isBlank() ? value : null;
    }
}
