package dev.runner.local.kubelet;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The podman CLI as this machine runs it (DESIGN §10): as root with runc and cgroupfs (crun fails on hybrid
 * cgroups) and explicit ulimits (podman's defaults fail setrlimit here). Every container carries the label
 * {@link #CLUSTER_LABEL} so a cluster removes exactly its own containers.
 */
public final class Podman {
    static final String CLUSTER_LABEL = "runner.local.cluster";
    static final List<String> BASE = List.of("podman", "--runtime", "runc", "--cgroup-manager", "cgroupfs");
    static final List<String> ULIMITS = List.of("--ulimit", "nofile=20000:20000", "--ulimit", "nproc=4096:4096");

    /** What keeps containers from running here, in a few words, or null when podman is usable as root. */
    public static String missing() {
        if (!"0".equals(output(List.of("id", "-u")).trim())) {
            return "not root: podman with runc runs containers as root here";
        } else if (output(List.of("podman", "--version")).isEmpty()) {
            return "podman is not installed: scripts/install-deps.sh test installs it";
        } else if (output(List.of("runc", "--version")).isEmpty()) {
            return "runc is not installed: scripts/install-deps.sh test installs it";
        }
        return null;
    }

    /** Fails with one line saying what is missing when containers cannot run here. */
    static void requireUsable() {
        String missing = missing();
        if (missing != null) {
            throw new IllegalStateException("pods cannot run as podman containers (" + missing + ")");
        }
    }

    /**
     * Starts {@code podman run} attached, so the returned process lives as long as the container, exits with its
     * exit code, and its output (the container's stdout and stderr) is appended to {@code log}. The environment
     * of the podman process carries the container's variables, which {@code --env NAME} copies: values never
     * appear in an argv.
     */
    static Process run(List<String> runArgs, Map<String, String> env, Path log) throws IOException {
        Files.createDirectories(log.getParent());
        ProcessBuilder pb = new ProcessBuilder(runArgs);
        pb.environment().clear();
        pb.environment().put("PATH", ContainerLaunch.SYSTEM_PATH);
        pb.environment().putAll(env);
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        return pb.start();
    }

    /** {@code podman exec -i NAME COMMAND}: runs in the container as its user, with its environment. */
    static Process exec(String container, List<String> command) throws IOException {
        List<String> argv = new ArrayList<>(BASE);
        argv.addAll(List.of("exec", "-i", container));
        argv.addAll(command);
        return new ProcessBuilder(argv).start();
    }

    /** The image's STOPSIGNAL, then SIGKILL after {@code grace}: Kubernetes' termination of a container. */
    static void stop(String container, Duration grace) {
        List<String> argv = new ArrayList<>(BASE);
        argv.addAll(List.of("stop", "--ignore", "-t", String.valueOf(Math.max(0, grace.toSeconds())), container));
        run(argv, grace.plusSeconds(30));
        remove(List.of(container));
    }

    /** The image's configured USER ("" = root). */
    static String imageUser(String image) {
        List<String> argv = new ArrayList<>(BASE);
        argv.addAll(List.of("image", "inspect", "--format", "{{.Config.User}}", image));
        return output(argv).trim();
    }

    /** Force-removes every container of the cluster (label {@link #CLUSTER_LABEL}={@code clusterId}). */
    static void removeCluster(String clusterId) {
        List<String> ps = new ArrayList<>(BASE);
        ps.addAll(List.of("ps", "-a", "-q", "--filter", "label=" + CLUSTER_LABEL + "=" + clusterId));
        List<String> ids = output(ps).lines().filter(s -> !s.isBlank()).toList();
        remove(ids);
    }

    private static void remove(List<String> containers) {
        if (containers.isEmpty()) {
            return;
        }
        List<String> argv = new ArrayList<>(BASE);
        argv.addAll(List.of("rm", "-f", "--ignore", "-t", "0"));
        argv.addAll(containers);
        run(argv, Duration.ofSeconds(60));
    }

    private static void run(List<String> argv, Duration limit) {
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
            }
        } catch (IOException e) {
            // podman gone: nothing of ours can be running either
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String output(List<String> argv) {
        try {
            Process p = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.waitFor() == 0 ? out : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
