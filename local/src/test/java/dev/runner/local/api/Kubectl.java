package dev.runner.local.api;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real kubectl against one API server (a kubeconfig of its own), with exit code, stdout and stderr. */
final class Kubectl {
    record Result(int code, String out, String err) {
        String all() {
            return out + err;
        }
    }

    private final Path kubeconfig;

    /** The oldest kubectl that sends fieldValidation and reads it from OpenAPI v3 (1.27). */
    private static final int MIN_MINOR = 27;

    /** kubectl against {@code serverUrl} (HTTPS, kubectl sends tokens only over TLS) as the holder of {@code token}. */
    Kubectl(String serverUrl, Path caCertificate, String token, Path dir) throws Exception {
        requireRecentKubectl();
        this.kubeconfig = dir.resolve("kubeconfig");
        Files.writeString(kubeconfig, "apiVersion: v1\nkind: Config\nclusters:\n- name: local\n  cluster:\n"
                + "    server: " + serverUrl + "\n    certificate-authority: " + caCertificate + "\nusers:\n"
                + "- name: admin\n  user:\n    token: " + token + "\ncontexts:\n"
                + "- name: local\n  context:\n    cluster: local\n    user: admin\n    namespace: default\n"
                + "current-context: local\n");
    }

    /** Fails (never skips) when kubectl is missing or too old to show what these tests look at. */
    static void requireRecentKubectl() throws Exception {
        Process p;
        try {
            p = new ProcessBuilder("kubectl", "version", "--client", "-o", "json").redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("kubectl is not installed (scripts/install-deps.sh test installs it)", e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        var m = java.util.regex.Pattern.compile("\"minor\":\\s*\"(\\d+)").matcher(out);
        assertTrue(m.find() && Integer.parseInt(m.group(1)) >= MIN_MINOR,
                "these tests need kubectl 1." + MIN_MINOR + " or newer, found: " + out);
    }

    /** Runs kubectl with {@code stdin} (may be null) as its standard input. */
    Result run(String stdin, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("HOME", kubeconfig.getParent().toString()); // its discovery cache stays per test
        Process p = pb.start();
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        var out = p.getInputStream().readAllBytes();
        var err = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "kubectl hung: " + cmd);
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8),
                new String(err, StandardCharsets.UTF_8));
    }

    /** Runs kubectl and fails the test unless it exits 0; returns stdout. */
    String ok(String stdin, String... args) throws Exception {
        Result r = run(stdin, args);
        assertTrue(r.code() == 0, "kubectl " + String.join(" ", args) + " exited " + r.code() + ":\n" + r.all());
        return r.out();
    }
}
