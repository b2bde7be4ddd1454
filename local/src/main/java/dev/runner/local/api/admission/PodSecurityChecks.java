package dev.runner.local.api.admission;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import tools.jackson.databind.JsonNode;

/**
 * The checks of the Pod Security Standards (https://kubernetes.io/docs/concepts/security/pod-security-standards/),
 * each with the reason and detail wording of k8s.io/pod-security-admission/policy (check_*.go) at the latest policy
 * version, in its evaluation order: the
 * baseline checks, then — for baseline — the baseline checks that restricted replaces (capabilities, hostPath,
 * seccomp), or — for restricted — the restricted checks.
 */
final class PodSecurityChecks {
    /** A failed check: "REASON (DETAIL)" in the aggregate message. */
    record Violation(String reason, String detail) {
        @Override
        public String toString() {
            return detail.isEmpty() ? reason : reason + " (" + detail + ")";
        }
    }

    private record Check(String id, BiFunction<JsonNode, JsonNode, Violation> run) {}

    private static final Set<String> BASELINE_CAPABILITIES = Set.of("AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER",
            "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT");
    /** Safe sysctls as of policy 1.32 (1.27 added ip_local_reserved_ports, 1.29 the tcp_keepalive and fin ones). */
    private static final Set<String> SAFE_SYSCTLS = Set.of("kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range",
            "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range", "net.ipv4.ip_unprivileged_port_start",
            "net.ipv4.ip_local_reserved_ports", "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout",
            "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes", "net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem");
    /** Policy 1.31 added container_engine_t. */
    private static final Set<String> SELINUX_TYPES = Set.of("", "container_t", "container_init_t", "container_kvm_t",
            "container_engine_t");
    /** image volumes are allowed since 1.33 (patched into the 1.0 check). */
    private static final Set<String> RESTRICTED_VOLUME_TYPES = Set.of("configMap", "csi", "downwardAPI", "emptyDir",
            "ephemeral", "image", "persistentVolumeClaim", "projected", "secret");

    private static final List<Check> BASELINE = List.of(new Check("appArmorProfile", PodSecurityChecks::appArmor),
            new Check("hostNamespaces", PodSecurityChecks::hostNamespaces),
            new Check("hostPorts", PodSecurityChecks::hostPorts),
            new Check("privileged", PodSecurityChecks::privileged),
            new Check("procMount", PodSecurityChecks::procMount),
            new Check("seLinuxOptions", PodSecurityChecks::seLinux),
            new Check("sysctls", PodSecurityChecks::sysctls),
            new Check("windowsHostProcess", PodSecurityChecks::hostProcess));
    private static final List<Check> BASELINE_OVERLAP = List.of(
            new Check("capabilities_baseline", PodSecurityChecks::capabilitiesBaseline),
            new Check("hostPathVolumes", PodSecurityChecks::hostPathVolumes),
            new Check("seccompProfile_baseline", PodSecurityChecks::seccompBaseline));
    private static final List<Check> RESTRICTED = List.of(
            new Check("allowPrivilegeEscalation", PodSecurityChecks::allowPrivilegeEscalation),
            new Check("capabilities_restricted", PodSecurityChecks::capabilitiesRestricted),
            new Check("restrictedVolumes", PodSecurityChecks::restrictedVolumes),
            new Check("runAsNonRoot", PodSecurityChecks::runAsNonRoot),
            new Check("runAsUser", PodSecurityChecks::runAsUser),
            new Check("seccompProfile_restricted", PodSecurityChecks::seccompRestricted));

    private PodSecurityChecks() {}

    /** The violations of {@code level} ("privileged", "baseline" or "restricted") by a pod's metadata and spec. */
    static List<Violation> evaluate(String level, JsonNode metadata, JsonNode spec) {
        List<Violation> out = new ArrayList<>();
        if (level.equals("privileged")) {
            return out;
        }
        List<Check> checks = new ArrayList<>(BASELINE);
        checks.addAll(level.equals("baseline") ? BASELINE_OVERLAP : RESTRICTED);
        for (Check c : checks) {
            Violation v = c.run().apply(metadata, spec);
            if (v != null) {
                out.add(v);
            }
        }
        return out;
    }

    // --- helpers: the policy package's visitContainers (init, regular, ephemeral), pluralize and joinQuote

    private static List<JsonNode> containers(JsonNode spec) {
        List<JsonNode> out = new ArrayList<>();
        for (String list : new String[] {"initContainers", "containers", "ephemeralContainers"}) {
            spec.path(list).forEach(out::add);
        }
        return out;
    }

    private static String name(JsonNode c) {
        return c.path("name").asString("");
    }

    private static JsonNode sc(JsonNode c) {
        return c.path("securityContext");
    }

    private static String plural(String singular, String plural, int n) {
        return n == 1 ? singular : plural;
    }

    static String joinQuote(Iterable<String> items) {
        StringBuilder b = new StringBuilder();
        for (String s : items) {
            b.append(b.length() == 0 ? "" : ", ").append('"').append(s).append('"');
        }
        return b.toString();
    }

    private static String containersPhrase(List<String> names) {
        return plural("container", "containers", names.size()) + " " + joinQuote(names);
    }

    // --- baseline

    /**
     * AppArmor: the appArmorProfile fields (pod and containers; RuntimeDefault or Localhost, since 1.30) and the
     * deprecated annotations (runtime/default, localhost/*, empty).
     */
    private static Violation appArmor(JsonNode metadata, JsonNode spec) {
        List<String> setters = new ArrayList<>();
        Set<String> badTypes = new TreeSet<>();
        JsonNode pod = spec.path("securityContext").path("appArmorProfile");
        if (pod.isObject() && !allowedProfileType(pod.path("type").asString(""))) {
            setters.add("pod");
            badTypes.add(pod.path("type").asString(""));
        }
        List<String> bad = new ArrayList<>();
        for (JsonNode c : containers(spec)) {
            JsonNode p = sc(c).path("appArmorProfile");
            if (p.isObject() && !allowedProfileType(p.path("type").asString(""))) {
                bad.add(name(c));
                badTypes.add(p.path("type").asString(""));
            }
        }
        if (!bad.isEmpty()) {
            setters.add(containersPhrase(bad));
        }
        Set<String> annotations = new TreeSet<>();
        metadata.path("annotations").properties().forEach(e -> {
            String v = e.getValue().asString("");
            if (e.getKey().startsWith("container.apparmor.security.beta.kubernetes.io/") && !v.isEmpty()
                    && !v.equals("runtime/default") && !v.startsWith("localhost/")) {
                annotations.add(e.getKey() + "=\"" + v + "\"");
            }
        });
        List<String> values = new ArrayList<>(badTypes);
        if (!annotations.isEmpty()) {
            values.addAll(annotations);
            setters.add(plural("annotation", "annotations", annotations.size()));
        }
        return setters.isEmpty() ? null : new Violation(plural("forbidden AppArmor profile",
                "forbidden AppArmor profiles", values.size()), String.join(" and ", setters)
                + " must not set AppArmor profile type to " + joinQuote(values));
    }

    private static Violation hostNamespaces(JsonNode metadata, JsonNode spec) {
        Set<String> used = new TreeSet<>();
        for (String f : new String[] {"hostNetwork", "hostPID", "hostIPC"}) {
            if (spec.path(f).asBoolean(false)) {
                used.add(f);
            }
        }
        return used.isEmpty() ? null : new Violation("host namespaces", String.join(", ", used));
    }

    private static Violation hostPorts(JsonNode metadata, JsonNode spec) {
        List<String> bad = new ArrayList<>();
        Set<String> ports = new TreeSet<>();
        for (JsonNode c : containers(spec)) {
            boolean uses = false;
            for (JsonNode p : c.path("ports")) {
                int hp = p.path("hostPort").asInt(0);
                if (hp != 0) {
                    uses = true;
                    ports.add(String.valueOf(hp));
                }
            }
            if (uses) {
                bad.add(name(c));
            }
        }
        return bad.isEmpty() ? null : new Violation("hostPort", containersPhrase(bad) + " "
                + plural("uses", "use", bad.size()) + " " + plural("hostPort", "hostPorts", ports.size()) + " "
                + String.join(", ", ports));
    }

    private static Violation privileged(JsonNode metadata, JsonNode spec) {
        List<String> bad = new ArrayList<>();
        for (JsonNode c : containers(spec)) {
            if (sc(c).path("privileged").asBoolean(false)) {
                bad.add(name(c));
            }
        }
        return bad.isEmpty() ? null : new Violation("privileged", containersPhrase(bad)
                + " must not set securityContext.privileged=true");
    }

    private static Violation procMount(JsonNode metadata, JsonNode spec) {
        List<String> bad = new ArrayList<>();
        Set<String> types = new TreeSet<>();
        for (JsonNode c : containers(spec)) {
            String t = sc(c).path("procMount").asString("");
            if (!t.isEmpty() && !t.equals("Default")) {
                bad.add(name(c));
                types.add(t);
            }
        }
        return bad.isEmpty() ? null : new Violation("procMount", containersPhrase(bad)
                + " must not set securityContext.procMount to " + joinQuote(types));
    }

    private static Violation seLinux(JsonNode metadata, JsonNode spec) {
        List<String> setters = new ArrayList<>();
        Set<String> badTypes = new TreeSet<>();
        boolean[] userRole = new boolean[2];
        java.util.function.Predicate<JsonNode> invalid = o -> {
            boolean bad = false;
            if (!SELINUX_TYPES.contains(o.path("type").asString(""))) {
                badTypes.add(o.path("type").asString(""));
                bad = true;
            }
            if (!o.path("user").asString("").isEmpty()) {
                userRole[0] = bad = true;
            }
            if (!o.path("role").asString("").isEmpty()) {
                userRole[1] = bad = true;
            }
            return bad;
        };
        if (spec.path("securityContext").path("seLinuxOptions").isObject()
                && invalid.test(spec.path("securityContext").path("seLinuxOptions"))) {
            setters.add("pod");
        }
        List<String> bad = new ArrayList<>();
        for (JsonNode c : containers(spec)) {
            if (sc(c).path("seLinuxOptions").isObject() && invalid.test(sc(c).path("seLinuxOptions"))) {
                bad.add(name(c));
            }
        }
        if (!bad.isEmpty()) {
            setters.add(containersPhrase(bad));
        }
        if (setters.isEmpty()) {
            return null;
        }
        List<String> data = new ArrayList<>();
        if (!badTypes.isEmpty()) {
            data.add(plural("type", "types", badTypes.size()) + " " + joinQuote(badTypes));
            if (userRole[0]) {
                data.add("user may not be set");
            }
            if (userRole[1]) {
                data.add("role may not be set");
            }
        }
        return new Violation("seLinuxOptions", String.join(" and ", setters)
                + " set forbidden securityContext.seLinuxOptions: " + String.join("; ", data));
    }

    private static Violation sysctls(JsonNode metadata, JsonNode spec) {
        List<String> bad = new ArrayList<>();
        for (JsonNode s : spec.path("securityContext").path("sysctls")) {
            if (!SAFE_SYSCTLS.contains(s.path("name").asString(""))) {
                bad.add(s.path("name").asString(""));
            }
        }
        return bad.isEmpty() ? null : new Violation("forbidden sysctls", String.join(", ", bad));
    }

    private static Violation hostProcess(JsonNode metadata, JsonNode spec) {
        List<String> setters = new ArrayList<>();
        if (spec.path("securityContext").path("windowsOptions").path("hostProcess").asBoolean(false)) {
            setters.add("pod");
        }
        List<String> bad = new ArrayList<>();
        for (JsonNode c : containers(spec)) {
            if (sc(c).path("windowsOptions").path("hostProcess").asBoolean(false)) {
                bad.add(name(c));
            }
        }
        if (!bad.isEmpty()) {
            setters.add(containersPhrase(bad));
        }
        return setters.isEmpty() ? null : new Violation("hostProcess", String.join(" and ", setters)
                + " must not set securityContext.windowsOptions.hostProcess=true");
    }

    private static Violation capabilitiesBaseline(JsonNode metadata, JsonNode spec) {
        List<String> bad = new ArrayList<>();
        Set<String> caps = new TreeSet<>();
        for (JsonNode c : containers(spec)) {
            boolean valid = true;
            for (JsonNode cap : sc(c).path("capabilities").path("add")) {
                if (!BASELINE_CAPABILITIES.contains(cap.asString(""))) {
                    valid = false;
                    caps.add(cap.asString(""));
                }
            }
            if (!valid) {
                bad.add(name(c));
            }
        }
        return bad.isEmpty() ? null : new Violation("non-default capabilities", containersPhrase(bad)
                + " must not include " + joinQuote(caps) + " in securityContext.capabilities.add");
    }

    private static Violation hostPathVolumes(JsonNode metadata, JsonNode spec) {
        List<String> bad = new ArrayList<>();
        for (JsonNode v : spec.path("volumes")) {
            if (v.has("hostPath")) {
                bad.add(v.path("name").asString(""));
            }
        }
        return bad.isEmpty() ? null : new Violation("hostPath volumes", plural("volume", "volumes", bad.size()) + " "
                + joinQuote(bad));
    }

    private static boolean allowedProfileType(String type) {
        return type.equals("RuntimeDefault") || type.equals("Localhost");
    }

    private static Violation seccompBaseline(JsonNode metadata, JsonNode spec) {
        return seccomp(spec, false);
    }

    // --- restricted

    private static Violation allowPrivilegeEscalation(JsonNode metadata, JsonNode spec) {
        List<String> bad = new ArrayList<>();
        for (JsonNode c : containers(spec)) {
            JsonNode ape = sc(c).path("allowPrivilegeEscalation");
            if (!ape.isBoolean() || ape.asBoolean()) {
                bad.add(name(c));
            }
        }
        return bad.isEmpty() ? null : new Violation("allowPrivilegeEscalation != false", containersPhrase(bad)
                + " must set securityContext.allowPrivilegeEscalation=false");
    }

    private static Violation capabilitiesRestricted(JsonNode metadata, JsonNode spec) {
        List<String> missingDrop = new ArrayList<>();
        List<String> adding = new ArrayList<>();
        Set<String> caps = new TreeSet<>();
        for (JsonNode c : containers(spec)) {
            JsonNode capabilities = sc(c).path("capabilities");
            if (!capabilities.isObject()) {
                missingDrop.add(name(c));
                continue;
            }
            boolean droppedAll = false;
            for (JsonNode d : capabilities.path("drop")) {
                droppedAll |= d.asString("").equals("ALL");
            }
            if (!droppedAll) {
                missingDrop.add(name(c));
            }
            boolean bad = false;
            for (JsonNode a : capabilities.path("add")) {
                if (!a.asString("").equals("NET_BIND_SERVICE")) {
                    bad = true;
                    caps.add(a.asString(""));
                }
            }
            if (bad) {
                adding.add(name(c));
            }
        }
        List<String> details = new ArrayList<>();
        if (!missingDrop.isEmpty()) {
            details.add(containersPhrase(missingDrop) + " must set securityContext.capabilities.drop=[\"ALL\"]");
        }
        if (!adding.isEmpty()) {
            details.add(containersPhrase(adding) + " must not include " + joinQuote(caps)
                    + " in securityContext.capabilities.add");
        }
        return details.isEmpty() ? null : new Violation("unrestricted capabilities", String.join("; ", details));
    }

    private static Violation restrictedVolumes(JsonNode metadata, JsonNode spec) {
        Set<String> bad = new TreeSet<>();
        for (JsonNode v : spec.path("volumes")) {
            boolean allowed = false;
            for (String t : RESTRICTED_VOLUME_TYPES) {
                allowed |= v.has(t);
            }
            if (!allowed) {
                bad.add(v.path("name").asString(""));
            }
        }
        // Go's %q of a []string: ["a" "b"]
        return bad.isEmpty() ? null : new Violation("restricted volume types", "volumes "
                + "[" + String.join(" ", bad.stream().map(s -> "\"" + s + "\"").toList()) + "] have restricted types");
    }

    private static Violation runAsNonRoot(JsonNode metadata, JsonNode spec) {
        List<String> setters = new ArrayList<>();
        JsonNode pod = spec.path("securityContext").path("runAsNonRoot");
        boolean podNonRoot = false;
        if (pod.isBoolean()) {
            if (!pod.asBoolean()) {
                setters.add("pod");
            } else {
                podNonRoot = true;
            }
        }
        List<String> explicit = new ArrayList<>();
        List<String> implicit = new ArrayList<>();
        for (JsonNode c : containers(spec)) {
            JsonNode v = sc(c).path("runAsNonRoot");
            if (v.isBoolean()) {
                if (!v.asBoolean()) {
                    explicit.add(name(c));
                }
            } else if (!podNonRoot) {
                implicit.add(name(c));
            }
        }
        if (!explicit.isEmpty()) {
            setters.add(containersPhrase(explicit));
        }
        if (!setters.isEmpty()) {
            return new Violation("runAsNonRoot != true", String.join(" and ", setters)
                    + " must not set securityContext.runAsNonRoot=false");
        }
        return implicit.isEmpty() ? null : new Violation("runAsNonRoot != true", "pod or "
                + containersPhrase(implicit) + " must set securityContext.runAsNonRoot=true");
    }

    private static Violation runAsUser(JsonNode metadata, JsonNode spec) {
        List<String> setters = new ArrayList<>();
        JsonNode pod = spec.path("securityContext").path("runAsUser");
        if (pod.isNumber() && pod.asLong() == 0) {
            setters.add("pod");
        }
        List<String> bad = new ArrayList<>();
        for (JsonNode c : containers(spec)) {
            JsonNode v = sc(c).path("runAsUser");
            if (v.isNumber() && v.asLong() == 0) {
                bad.add(name(c));
            }
        }
        if (!bad.isEmpty()) {
            setters.add(containersPhrase(bad));
        }
        return setters.isEmpty() ? null : new Violation("runAsUser=0", String.join(" and ", setters)
                + " must not set runAsUser=0");
    }

    private static Violation seccompRestricted(JsonNode metadata, JsonNode spec) {
        return seccomp(spec, true);
    }

    /** seccompProfile: baseline refuses an explicit Unconfined; restricted also requires one to be set. */
    private static Violation seccomp(JsonNode spec, boolean required) {
        List<String> setters = new ArrayList<>();
        Set<String> badValues = new TreeSet<>();
        JsonNode pod = spec.path("securityContext").path("seccompProfile");
        boolean podSet = false;
        if (pod.isObject()) {
            if (!allowedProfileType(pod.path("type").asString(""))) {
                setters.add("pod");
                badValues.add(pod.path("type").asString(""));
            } else {
                podSet = true;
            }
        }
        List<String> explicit = new ArrayList<>();
        List<String> implicit = new ArrayList<>();
        for (JsonNode c : containers(spec)) {
            JsonNode p = sc(c).path("seccompProfile");
            if (p.isObject()) {
                if (!allowedProfileType(p.path("type").asString(""))) {
                    explicit.add(name(c));
                    badValues.add(p.path("type").asString(""));
                }
            } else if (!podSet) {
                implicit.add(name(c));
            }
        }
        if (!explicit.isEmpty()) {
            setters.add(containersPhrase(explicit));
        }
        if (!setters.isEmpty()) {
            return new Violation("seccompProfile", String.join(" and ", setters)
                    + " must not set securityContext.seccompProfile.type to " + joinQuote(badValues));
        }
        return !required || implicit.isEmpty() ? null : new Violation("seccompProfile", "pod or "
                + containersPhrase(implicit)
                + " must set securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\"");
    }
}
