package dev.runner.docs;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;

/**
 * Runs a doc example as a user would: {@code ./runner ARGS} in a JVM of its own, in the repository root, with the
 * CLI's main class on the class path of this module (its code and its runtime dependencies, without the test
 * classes, so the test plugins stay out of {@code --help}). The environment is a clean one: PATH and the locale
 * from here, the example's own variables, a state dir per block, and a kubeconfig that does not exist, so no
 * example reaches a cluster by accident and the Kubernetes step types plan offline.
 */
final class ExampleRunner {
    /** What a command did: its exit code and everything it printed, stdout and stderr as a terminal shows them. */
    record Result(int exitCode, String output) {
    }

    private static final List<String> KEPT_ENV = List.of("PATH", "LANG", "LC_ALL", "TZ");
    private static final long TIMEOUT_SECONDS = 120;

    private final Path repoRoot;
    private final List<String> java;

    ExampleRunner(Path repoRoot) throws IOException {
        this.repoRoot = repoRoot;
        String bin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        this.java = List.of(bin, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", runtimeClassPath(),
                "dev.runner.cli.Main");
    }

    Result run(DocExample example, Path scratch) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(java);
        command.addAll(example.args());
        ProcessBuilder pb = new ProcessBuilder(command).directory(repoRoot.toFile()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        Map<String, String> kept = new HashMap<>();
        for (String name : KEPT_ENV) {
            if (System.getenv(name) != null) {
                kept.put(name, System.getenv(name));
            }
        }
        env.clear();
        env.putAll(kept);
        env.put("HOME", scratch.toString());
        env.put("RUNNER_STATE_DIR", scratch.resolve("state").toString());
        env.put("KUBECONFIG", scratch.resolve("no-cluster").resolve("kubeconfig").toString());
        env.putAll(example.env());
        Path log = Files.createTempFile(scratch, "output", ".txt");
        Process p = pb.redirectOutput(log.toFile()).start();
        p.getOutputStream().close();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new IOException(example.where() + ": still running after " + TIMEOUT_SECONDS + " s: $ "
                    + example.command());
        }
        return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    /** This JVM's class path without test classes and test jars, with surefire's manifest-only jar expanded. */
    private static String runtimeClassPath() throws IOException {
        List<String> out = new ArrayList<>();
        for (Path p : classPath()) {
            String name = p.getFileName().toString();
            if (name.equals("test-classes") || name.endsWith("-tests.jar")) {
                continue;
            }
            out.add(p.toString());
        }
        return String.join(File.pathSeparator, out);
    }

    private static List<Path> classPath() throws IOException {
        List<Path> out = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(entry);
            if (!(p.getFileName().toString().startsWith("surefirebooter") && Files.isRegularFile(p))) {
                out.add(p);
                continue;
            }
            try (JarFile jar = new JarFile(p.toFile())) {
                String manifestPath = jar.getManifest().getMainAttributes().getValue("Class-Path");
                for (String u : manifestPath.trim().split("\\s+")) {
                    out.add(Path.of(u.startsWith("file:") ? URI.create(u) : p.getParent().toUri().resolve(u)));
                }
            }
        }
        return out;
    }
}
