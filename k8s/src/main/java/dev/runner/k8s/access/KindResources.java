package dev.runner.k8s.access;

import dev.runner.k8s.manifest.Refs;
import dev.runner.step.ApiAccess;
import java.util.Locale;
import java.util.Map;

/**
 * The API group and resource an object's apiVersion and kind are served as, for RBAC rules. Built-in kinds whose
 * plural is irregular are listed; the rest follow apimachinery's meta.UnsafeGuessKindToResource (lower case; "s"
 * after a trailing s/x/z... gets "es", a consonant + "y" gets "ies"; https://github.com/kubernetes/apimachinery/blob/master/pkg/api/meta/restmapper.go),
 * which is what API servers register built-in kinds under.
 */
final class KindResources {
    private static final Map<String, String> IRREGULAR = Map.of("Endpoints", "endpoints",
            "PodSecurityPolicy", "podsecuritypolicies");

    private KindResources() {
    }

    /** Access with {@code verbs} to the resource of objects of {@code apiVersion}/{@code kind}. */
    static ApiAccess of(String apiVersion, String kind, String... verbs) {
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        String resource = resource(kind);
        return Refs.clusterScoped(kind) ? ApiAccess.cluster(group, resource, verbs)
                : ApiAccess.namespaced(group, resource, verbs);
    }

    static String resource(String kind) {
        String irregular = IRREGULAR.get(kind);
        if (irregular != null) {
            return irregular;
        }
        String k = kind.toLowerCase(Locale.ROOT);
        if (k.endsWith("s") || k.endsWith("x") || k.endsWith("z") || k.endsWith("ch") || k.endsWith("sh")) {
            return k + "es";
        }
        if (k.endsWith("y") && k.length() > 1 && "aeiou".indexOf(k.charAt(k.length() - 2)) < 0) {
            return k.substring(0, k.length() - 1) + "ies";
        }
        return k + "s";
    }
}
