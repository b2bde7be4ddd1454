package dev.runner.local.kubelet;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContext;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a container of a pod spec into a {@code podman run}: the local image its name maps to
 * ({@link LocalImages#resolve}), command and args against the image's ENTRYPOINT and CMD as Kubernetes defines them
 * (https://kubernetes.io/docs/tasks/inject-data-application/define-command-argument-container/: command replaces
 * ENTRYPOINT and drops CMD, args alone replace CMD), the resolved environment, the pod's volumes as bind mounts,
 * and securityContext's user, group, fsGroup, runAsNonRoot, capabilities, allowPrivilegeEscalation and seccomp profile
 * (https://kubernetes.io/docs/tasks/configure-pod-container/security-context/). The network is the host's
 * (DESIGN §10): postgres gets this cluster's port through PGPORT and listens on 127.0.0.1 only.
 */
final class PodmanLaunch {
    /**
     * What {@link Podman#run} starts: the container's name, the podman argv, the variables it copies, and the file
     * podman writes the container's main pid to once that process runs.
     */
    record Start(String name, List<String> argv, Map<String, String> env, Path pidFile) {}

    private PodmanLaunch() {}

    static Start of(NodeContext node, Pod pod, Container c, PodVolumes volumes, int attempt)
            throws Env.ConfigError, IOException {
        String image = node.images().resolve(c.getImage());
        boolean postgresImage = ImageKind.of(c.getImage()) == ImageKind.ARCHIVER;
        Map<String, String> base = new LinkedHashMap<>();
        List<Mount> mounts = new ArrayList<>(volumes.mounts(c));
        PodCredentials.forContainer(node, pod, base, mounts);
        if (postgresImage) {
            // pods share the host's network: each cluster's postgres has a port of its own (a spec's value wins)
            base.put("PGPORT", String.valueOf(node.postgresPort()));
            base.put("PGBACKREST_PG1_PORT", String.valueOf(node.postgresPort()));
        }
        Map<String, String> env = Env.resolve(node.client(), pod, c, base);
        env.put(ProcessKiller.MARKER, node.marker(pod.getMetadata().getUid()));

        String name = containerName(node, pod, c, attempt);
        Path pidFile = node.podDir(pod.getMetadata().getUid()).resolve("run").resolve(name + ".pid");
        List<String> argv = new ArrayList<>(Podman.BASE);
        argv.addAll(List.of("run", "--rm", "--pull", "never", "--name", name, "--pidfile", pidFile.toString(),
                "--network", "host",
                "--hostname", pod.getMetadata().getName(),
                "--label", Podman.CLUSTER_LABEL + "=" + node.clusterId(),
                "--label", "runner.local.pod=" + pod.getMetadata().getUid()));
        argv.addAll(Podman.ULIMITS);
        env.keySet().forEach(k -> argv.addAll(List.of("--env", k)));
        for (Mount m : mounts) {
            argv.addAll(List.of("--volume", m.source() + ":" + m.target() + (m.readOnly() ? ":ro" : "")));
        }
        argv.addAll(user(pod, c, image));
        argv.addAll(confinement(pod, c));
        if (c.getWorkingDir() != null && !c.getWorkingDir().isEmpty()) {
            argv.addAll(List.of("--workdir", c.getWorkingDir()));
        }
        List<String> command = expand(c.getCommand(), env);
        List<String> args = expand(c.getArgs(), env);
        if (!command.isEmpty()) {
            argv.addAll(List.of("--entrypoint", json(command)));
        }
        if (postgresImage && startsServer(command, args)) {
            if (args.isEmpty()) {
                args = List.of("postgres"); // the image's CMD, spelled out to add the listen address
            }
            args = new ArrayList<>(args);
            args.addAll(List.of("-c", "listen_addresses=127.0.0.1")); // never on the machine's other interfaces
        }
        argv.add(image);
        argv.addAll(args);
        return new Start(name, argv, env, pidFile);
    }

    /** Without a command the image's entrypoint runs; it starts the server for CMD postgres or postgres flags. */
    private static boolean startsServer(List<String> command, List<String> args) {
        boolean entrypoint = command.isEmpty() || command.size() == 1
                && List.of("runner-pg.sh", "docker-entrypoint.sh").contains(Path.of(command.get(0)).getFileName()
                .toString());
        return entrypoint && (args.isEmpty() || args.get(0).equals("postgres") || args.get(0).startsWith("-"));
    }

    /** --user and --group-add from the pod's and the container's securityContext (the container's wins). */
    private static List<String> user(Pod pod, Container c, String image) throws Env.ConfigError {
        PodSecurityContext ps = pod.getSpec().getSecurityContext();
        SecurityContext cs = c.getSecurityContext();
        Long uid = cs != null && cs.getRunAsUser() != null ? cs.getRunAsUser() : ps == null ? null : ps.getRunAsUser();
        Long gid = cs != null && cs.getRunAsGroup() != null ? cs.getRunAsGroup()
                : ps == null ? null : ps.getRunAsGroup();
        Boolean nonRoot = cs != null && cs.getRunAsNonRoot() != null ? cs.getRunAsNonRoot()
                : ps == null ? null : ps.getRunAsNonRoot();
        List<String> out = new ArrayList<>();
        if (Boolean.TRUE.equals(nonRoot)) {
            requireNonRoot(uid, image);
        }
        if (uid != null) {
            out.addAll(List.of("--user", uid + (gid == null ? "" : ":" + gid)));
        } else if (gid != null) {
            String imageUser = Podman.imageUser(image);
            out.addAll(List.of("--user", (imageUser.isEmpty() ? "0" : imageUser.split(":")[0]) + ":" + gid));
        }
        if (ps != null && ps.getFsGroup() != null) {
            out.addAll(List.of("--group-add", String.valueOf(ps.getFsGroup())));
        }
        if (ps != null && ps.getSupplementalGroups() != null) {
            ps.getSupplementalGroups().forEach(g -> out.addAll(List.of("--group-add", String.valueOf(g))));
        }
        return out;
    }

    /**
     * securityContext's confinement as the kubelet hands it to the runtime
     * (https://kubernetes.io/docs/tasks/configure-pod-container/security-context/): capabilities.drop/add on the
     * runtime's default set ("ALL" drops every one), allowPrivilegeEscalation=false as the no_new_privs flag, and the
     * seccomp profile — the container's, else the pod's; RuntimeDefault is the runtime's default profile, and unset
     * means Unconfined, the kubelet's default without --seccomp-default
     * (https://kubernetes.io/docs/tutorials/security/seccomp/). Localhost profiles are not modelled: such a container
     * is refused rather than run unconfined.
     */
    private static List<String> confinement(Pod pod, Container c) throws Env.ConfigError {
        SecurityContext cs = c.getSecurityContext();
        PodSecurityContext ps = pod.getSpec().getSecurityContext();
        List<String> out = new ArrayList<>();
        if (cs != null && cs.getCapabilities() != null) {
            for (String cap : cs.getCapabilities().getDrop() == null ? List.<String>of() : cs.getCapabilities().getDrop()) {
                out.addAll(List.of("--cap-drop", cap));
            }
            for (String cap : cs.getCapabilities().getAdd() == null ? List.<String>of() : cs.getCapabilities().getAdd()) {
                out.addAll(List.of("--cap-add", cap));
            }
        }
        if (cs != null && Boolean.FALSE.equals(cs.getAllowPrivilegeEscalation())) {
            out.addAll(List.of("--security-opt", "no-new-privileges"));
        }
        io.fabric8.kubernetes.api.model.SeccompProfile profile = cs != null && cs.getSeccompProfile() != null
                ? cs.getSeccompProfile() : ps == null ? null : ps.getSeccompProfile();
        String type = profile == null || profile.getType() == null ? "Unconfined" : profile.getType();
        switch (type) {
            case "RuntimeDefault" -> { }
            case "Unconfined" -> out.addAll(List.of("--security-opt", "seccomp=unconfined"));
            default -> throw new Env.ConfigError("seccomp profile type " + type + " is not supported by this kubelet");
        }
        return out;
    }

    /** The kubelet's check: the uid must be known to be non-zero, from the spec or the image's numeric USER. */
    private static void requireNonRoot(Long uid, String image) throws Env.ConfigError {
        if (uid != null) {
            if (uid == 0) {
                throw new Env.ConfigError("container's runAsUser breaks non-root policy");
            }
            return;
        }
        String user = Podman.imageUser(image).split(":")[0];
        if (user.isEmpty() || user.equals("0") || user.equals("root")) {
            throw new Env.ConfigError("container has runAsNonRoot and image will run as root");
        }
        if (!user.chars().allMatch(Character::isDigit)) {
            throw new Env.ConfigError("container has runAsNonRoot and image has non-numeric user (" + user
                    + "), cannot verify user is non-root");
        }
    }

    static String containerName(NodeContext node, Pod pod, Container c, int attempt) {
        // the whole uid: a prefix of it is not unique (the local API server's uids differ only at the end)
        return "rl-" + node.clusterId() + "-" + pod.getMetadata().getUid() + "-" + c.getName() + "-" + attempt;
    }

    private static List<String> expand(List<String> values, Map<String, String> env) {
        return values == null ? List.of() : values.stream().map(s -> Env.expand(s, env)).toList();
    }

    private static String json(List<String> values) {
        StringBuilder b = new StringBuilder("[");
        for (String v : values) {
            if (b.length() > 1) {
                b.append(',');
            }
            b.append('"');
            v.chars().forEach(ch -> {
                if (ch == '"' || ch == '\\') {
                    b.append('\\').append((char) ch);
                } else if (ch < 0x20) {
                    b.append(String.format("\\u%04x", ch));
                } else {
                    b.append((char) ch);
                }
            });
            b.append('"');
        }
        return b.append(']').toString();
    }
}
