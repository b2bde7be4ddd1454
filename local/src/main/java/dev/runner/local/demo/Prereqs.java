package dev.runner.local.demo;

import dev.runner.local.PodRuntime;
import dev.runner.local.kubelet.Podman;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * What the demo needs on this machine, installed by {@code scripts/install-deps.sh} when it runs as root: podman,
 * runc and debootstrap for pods as containers; PostgreSQL 15 and pgBackRest for pods as host processes. When
 * containers cannot run, the demo says why in one line and names the process mode.
 */
final class Prereqs {
    static final String PROCESS_MODE = "`runner demo --processes` runs the pods as host processes instead";

    private Prereqs() {}

    /** Why the demo cannot run its pods this way on this machine, in one line, or null. */
    static String unusable(PodRuntime runtime) throws IOException, InterruptedException {
        return runtime == PodRuntime.CONTAINERS && !root()
                ? "pods run as podman containers, which needs root here; " + PROCESS_MODE : null;
    }

    static void ensure(PrintStream out, Path home, PodRuntime runtime) throws IOException, InterruptedException {
        boolean containers = runtime == PodRuntime.CONTAINERS;
        String unusable = unusable(runtime);
        if (unusable != null) {
            throw new Demo.Failure(unusable);
        }
        Process p = new ProcessBuilder(home.resolve("scripts/install-deps.sh").toString(),
                containers ? "containers" : "processes").directory(home.toFile()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!output.isEmpty()) {
            out.println("    " + output.replace("\n", "\n    "));
        }
        if (p.waitFor() != 0) {
            String last = output.isEmpty() ? "scripts/install-deps.sh failed" : output.lines()
                    .reduce((a, b) -> b).orElse(output);
            throw new Demo.Failure(last + (containers ? "; " + PROCESS_MODE : ""));
        }
        String missing = containers ? Podman.missing() : null;
        if (missing != null) {
            throw new Demo.Failure("pods cannot run as containers (" + missing + "); " + PROCESS_MODE);
        }
    }

    private static boolean root() throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of("id", "-u")).redirectErrorStream(true).start();
        String uid = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        p.waitFor();
        return uid.equals("0");
    }
}
