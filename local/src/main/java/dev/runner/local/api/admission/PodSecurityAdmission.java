package dev.runner.local.api.admission;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * Pod Security admission (https://kubernetes.io/docs/concepts/security/pod-security-admission/): the namespace's
 * labels {@code pod-security.kubernetes.io/enforce} and {@code warn} (with {@code -version}, default latest; an
 * unlabelled namespace is privileged, the built-in default) choose a level of the Pod Security Standards. A Pod that
 * violates the enforce level is refused with 403 {@code pods "NAME" is forbidden: violates PodSecurity
 * "LEVEL:VERSION": REASONS}; one that violates only the warn level is created with a {@code would violate
 * PodSecurity …} warning. Workload objects (Deployments, ReplicaSets, StatefulSets, DaemonSets, Jobs, CronJobs,
 * ReplicationControllers, PodTemplates) are never refused, only warned about — their Pods are then refused when the
 * controller creates them. An update of a Pod that leaves its spec unchanged is not checked.
 */
public final class PodSecurityAdmission {
    private static final String PREFIX = "pod-security.kubernetes.io/";
    private static final Set<String> LEVELS = Set.of("privileged", "baseline", "restricted");
    private static final Set<String> WORKLOADS = Set.of("podtemplates", "replicationcontrollers", "replicasets",
            "deployments", "statefulsets", "daemonsets", "jobs", "cronjobs");

    private PodSecurityAdmission() {}

    /** Whether a write of {@code resource} (with {@code subresource}, "" for the object) is checked at all. */
    public static boolean applies(String resource, String subresource) {
        return resource.equals("pods") && (subresource.isEmpty() || subresource.equals("ephemeralcontainers"))
                || WORKLOADS.contains(resource) && subresource.isEmpty();
    }

    /**
     * The warnings for a create or update of {@code object} (old: the stored object for an update, else null) in a
     * namespace with {@code labels}; throws when the enforce level refuses a Pod.
     */
    public static List<String> admit(String resource, JsonNode object, JsonNode old, Map<String, String> labels)
            throws AdmissionRefused {
        List<String> warnings = new ArrayList<>();
        JsonNode template = template(resource, object);
        if (template == null) {
            return warnings;
        }
        boolean pod = resource.equals("pods");
        if (pod && old != null && old.path("spec").equals(object.path("spec"))) {
            return warnings;
        }
        JsonNode metadata = template.path("metadata");
        JsonNode spec = template.path("spec");
        String enforce = level(labels, "enforce");
        if (pod) {
            List<PodSecurityChecks.Violation> v = PodSecurityChecks.evaluate(enforce, metadata, spec);
            if (!v.isEmpty()) {
                String name = object.path("metadata").path("name").asString("");
                throw new AdmissionRefused("", "pods", name.isEmpty()
                        ? object.path("metadata").path("generateName").asString("") : name,
                        "violates PodSecurity \"" + policy(labels, "enforce") + "\": " + join(v));
            }
        }
        List<PodSecurityChecks.Violation> w = PodSecurityChecks.evaluate(level(labels, "warn"), metadata, spec);
        if (!w.isEmpty()) {
            warnings.add("would violate PodSecurity \"" + policy(labels, "warn") + "\": " + join(w));
        }
        return warnings;
    }

    /** The object holding the pod's metadata and spec: the Pod itself or a workload's pod template. */
    private static JsonNode template(String resource, JsonNode object) {
        JsonNode t = switch (resource) {
            case "pods" -> object;
            case "podtemplates" -> object.path("template");
            case "cronjobs" -> object.path("spec").path("jobTemplate").path("spec").path("template");
            default -> WORKLOADS.contains(resource) ? object.path("spec").path("template") : null;
        };
        return t == null || t.isMissingNode() ? null : t;
    }

    private static String level(Map<String, String> labels, String mode) {
        String l = labels.get(PREFIX + mode);
        return l != null && LEVELS.contains(l) ? l : "privileged";
    }

    private static String policy(Map<String, String> labels, String mode) {
        String version = labels.getOrDefault(PREFIX + mode + "-version", "latest");
        return level(labels, mode) + ":" + (version.isEmpty() ? "latest" : version);
    }

    private static String join(List<PodSecurityChecks.Violation> violations) {
        return violations.stream().map(PodSecurityChecks.Violation::toString).collect(Collectors.joining(", "));
    }
}
