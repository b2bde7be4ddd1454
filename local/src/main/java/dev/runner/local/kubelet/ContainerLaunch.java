package dev.runner.local.kubelet;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Turns a container of a pod spec into what the {@link Launcher} starts, following the {@link ImageKind} rules. */
final class ContainerLaunch {
    static final String SYSTEM_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    static final String PG_USER = "postgres";
    private static final String PLACEHOLDER = "echo \"local placeholder for image $0 (pod $HOSTNAME)\"; "
            + "echo \"env: $(env | cut -d= -f1 | grep -v '^RUNNER_LOCAL_' | sort | tr '\\n' ' ')\"; "
            + "trap 'exit 0' TERM INT; while :; do sleep 3600 & wait $!; done";
    private static final List<String> ENTRYPOINTS = List.of("runner-pg.sh", "docker-entrypoint.sh");

    private ContainerLaunch() {}

    static LaunchSpec of(NodeContext node, Pod pod, Container c, PodVolumes volumes)
            throws Env.ConfigError, IOException {
        ImageKind kind = ImageKind.of(c.getImage());
        Map<String, String> base = new LinkedHashMap<>();
        base.put("HOSTNAME", pod.getMetadata().getName());
        PodCredentials.forProcess(node, pod, base);
        List<Mount> mounts = new ArrayList<>(volumes.mounts(c));
        String user = null;
        if (kind == ImageKind.ARCHIVER) {
            Path bin = postgresBin();
            // runner-pg.sh on PATH, as in the image; its directory is one the postgres user can reach
            base.put("PATH", node.imageScript().getParent() + ":" + (bin == null ? "" : bin + ":") + SYSTEM_PATH);
            base.put("PG_MAJOR", bin == null ? "15" : bin.getParent().getFileName().toString());
            base.put("PGDATA", "/var/lib/postgresql/data");
            // Each cluster's postgres has a port of its own on this machine (pods share its network): libpq
            // clients read PGPORT, pgBackRest its own variable. A spec that sets them wins.
            base.put("PGPORT", String.valueOf(node.postgresPort()));
            base.put("PGBACKREST_PG1_PORT", String.valueOf(node.postgresPort()));
            base.put("LANG", "C.UTF-8");
            base.put("HOME", "/var/lib/postgresql");
            user = userExists(PG_USER) ? PG_USER : null;
            // The image's own /var/lib/postgresql (HOME, and pgBackRest's spool/lock dirs next to PGDATA) is the
            // pod's, not the machine's: two clusters must not share pgBackRest locks or spool queues.
            mounts.add(new Mount(volumes.home(), "/var/lib/postgresql", false));
            if (node.launcher().usesNamespaces()) {
                mounts.add(new Mount(node.workDir().resolve("run/postgresql"), "/var/run/postgresql", false));
            }
        } else {
            base.put("PATH", SYSTEM_PATH);
            base.put("HOME", "/root");
        }
        Map<String, String> env = Env.resolve(node.client(), pod, c, base);
        env.put(ProcessKiller.MARKER, node.marker(pod.getMetadata().getUid()));
        List<String> command = command(node, kind, c, env);
        return new LaunchSpec(command, env, mounts, user, c.getWorkingDir());
    }

    private static List<String> command(NodeContext node, ImageKind kind, Container c, Map<String, String> env) {
        List<String> cmd = c.getCommand() == null ? List.of() : c.getCommand();
        List<String> args = c.getArgs() == null ? List.of() : c.getArgs();
        List<String> out = new ArrayList<>();
        if (kind == ImageKind.PLACEHOLDER || kind == ImageKind.SHELL && cmd.isEmpty() && args.isEmpty()) {
            return List.of("/bin/sh", "-c", PLACEHOLDER, String.valueOf(c.getImage()));
        }
        if (kind == ImageKind.SHELL) {
            cmd.forEach(s -> out.add(Env.expand(s, env)));
            args.forEach(s -> out.add(Env.expand(s, env)));
            return out;
        }
        // archiver image: ENTRYPOINT runner-pg.sh, CMD ["postgres"] like the official postgres image
        if (cmd.isEmpty()) {
            out.add(node.imageScript().toString());
            out.addAll(args.isEmpty() ? List.of("postgres") : expandAll(args, env));
        } else {
            for (String s : cmd) {
                String name = s.substring(s.lastIndexOf('/') + 1);
                out.add(ENTRYPOINTS.contains(name) ? node.imageScript().toString() : Env.expand(s, env));
            }
            out.addAll(expandAll(args, env));
        }
        boolean startsServer = out.get(0).equals(node.imageScript().toString())
                && (out.size() == 1 || out.get(1).equals("postgres") || out.get(1).startsWith("-"));
        if (startsServer) {
            out.addAll(List.of("-c", "listen_addresses=127.0.0.1")); // never on the machine's other interfaces
        }
        return out;
    }

    private static List<String> expandAll(List<String> values, Map<String, String> env) {
        return values.stream().map(s -> Env.expand(s, env)).toList();
    }

    /** The newest installed PostgreSQL's bin directory (Debian layout), or null. */
    static Path postgresBin() {
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("postgres")))
                    .max(Comparator.comparingInt(b -> Integer.parseInt(b.getParent().getFileName().toString())))
                    .orElse(null);
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }

    static boolean userExists(String user) {
        try {
            return new ProcessBuilder("id", "-u", user).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
