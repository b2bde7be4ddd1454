package dev.runner.k8s.action;

import dev.runner.k8s.Kube;
import dev.runner.k8s.cluster.ClusterTarget;
import dev.runner.step.StepException;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Refuses an {@code envFrom} source (Secret or ConfigMap) that has a key which is not a shell variable name
 * ({@code [A-Za-z_][A-Za-z0-9_]*}), before {@code patch-deployment} changes anything. Such a key is a file's name
 * (gcs-key.json, ca.crt) that belongs in a volume: since Kubernetes 1.32 (KEP-4369, relaxed environment variable
 * names, https://github.com/kubernetes/enhancements/tree/master/keps/sig-node/4369-allow-special-characters-environment-variable)
 * the kubelet passes any printable name except {@code =} into the container, so the key file becomes an
 * environment variable of postgres and of every archive_command it starts; older kubelets skip names they do not
 * accept and record an InvalidEnvironmentVariableNames event on every pod start
 * (https://kubernetes.io/docs/tasks/inject-data-application/distribute-credentials-secure/#configure-all-key-value-pairs-in-a-secret-as-container-environment-variables).
 * A source that does not exist yet is not checked (an earlier step of the same run may create it).
 */
final class EnvFromNames {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private EnvFromNames() {
    }

    /** The envFrom entries the step adds: {@code with.envFrom} and those of {@code with.initContainers}. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> sources(Map<String, Object> with) {
        List<Map<String, Object>> out = new ArrayList<>();
        addAll(out, with.get("envFrom"));
        if (with.get("initContainers") instanceof List<?> inits) {
            for (Object i : inits) {
                if (i instanceof Map<?, ?> m) {
                    addAll(out, m.get("envFrom"));
                }
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void addAll(List<Map<String, Object>> out, Object envFrom) {
        if (envFrom instanceof List<?> l) {
            l.stream().filter(Map.class::isInstance).forEach(e -> out.add((Map<String, Object>) e));
        }
    }

    static void check(Kube k, ClusterTarget t) throws StepException {
        for (Map<String, Object> from : sources(k.args().all())) {
            String prefix = from.get("prefix") instanceof String p ? p : "";
            String secret = refName(from.get("secretRef"));
            String configMap = refName(from.get("configMapRef"));
            if (secret != null) {
                Secret s = k.read("read Secret " + t.namespace() + "/" + secret,
                        () -> t.client().secrets().inNamespace(t.namespace()).withName(secret).get());
                if (s != null) {
                    refuse(k, "Secret", t.namespace() + "/" + secret, prefix, keys(s.getData(), s.getStringData()));
                }
            }
            if (configMap != null) {
                ConfigMap m = k.read("read ConfigMap " + t.namespace() + "/" + configMap,
                        () -> t.client().configMaps().inNamespace(t.namespace()).withName(configMap).get());
                if (m != null) {
                    refuse(k, "ConfigMap", t.namespace() + "/" + configMap, prefix,
                            keys(m.getData(), m.getBinaryData()));
                }
            }
        }
    }

    private static String refName(Object ref) {
        return ref instanceof Map<?, ?> m && m.get("name") instanceof String n ? n : null;
    }

    private static Set<String> keys(Map<String, String> a, Map<String, String> b) {
        Set<String> out = new LinkedHashSet<>();
        if (a != null) {
            out.addAll(a.keySet());
        }
        if (b != null) {
            out.addAll(b.keySet());
        }
        return out;
    }

    private static void refuse(Kube k, String kind, String name, String prefix, Set<String> keys)
            throws StepException {
        List<String> bad = keys.stream().filter(key -> !NAME.matcher(prefix + key).matches()).toList();
        if (!bad.isEmpty()) {
            throw k.invalid("envFrom " + kind + " " + name + " has key(s) " + bad + " that are not environment"
                    + " variable names ([A-Za-z_][A-Za-z0-9_]*): through envFrom each would become a variable of"
                    + " the container and of every process it starts (Kubernetes >= 1.32) or be skipped with an"
                    + " event on every pod start. Move them to a volume (the backup workflows mount Secret"
                    + " pgbackrest-repo-files at /etc/pgbackrest/repo) and remove them from " + name
                    + "; nothing was changed");
        }
    }
}
