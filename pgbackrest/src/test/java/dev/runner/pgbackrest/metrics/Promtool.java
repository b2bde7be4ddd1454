package dev.runner.pgbackrest.metrics;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs Prometheus's promtool (Debian package prometheus, installed by scripts/install-deps.sh test). */
public final class Promtool {
    /** Exit code and combined output. */
    public record Result(int code, String output) {
    }

    private Promtool() {
    }

    /** Fails (never skips) when promtool is missing. */
    public static Result run(File dir, String stdin, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("promtool"));
        cmd.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(cmd).directory(dir).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("promtool is missing: run scripts/install-deps.sh test (Debian package prometheus)", e);
        }
        try (var in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("promtool hung: " + out);
        }
        return new Result(p.exitValue(), out);
    }
}
