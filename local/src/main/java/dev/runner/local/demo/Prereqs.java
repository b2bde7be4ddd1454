package dev.runner.local.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** PostgreSQL and pgBackRest must be installed on this machine; as root on Debian, the demo installs them. */
final class Prereqs {
    private Prereqs() {}

    static void ensure(PrintStream out) throws IOException, InterruptedException {
        List<String> missing = missing();
        if (missing.isEmpty()) {
            return;
        }
        boolean root = "0".equals(run(List.of("id", "-u")).trim());
        if (!root || !Files.isExecutable(Path.of("/usr/bin/apt-get"))) {
            throw new Demo.Failure("missing: " + String.join(", ", missing)
                    + " (install them, e.g. apt-get install " + String.join(" ", missing) + ", or run as root)");
        }
        out.println("installing " + String.join(" ", missing) + " (apt-get) …");
        run(List.of("apt-get", "update", "-qq"));
        List<String> install = new ArrayList<>(List.of("apt-get", "install", "-y", "-qq", "--no-install-recommends"));
        install.addAll(missing);
        run(install);
        // the Debian package starts a cluster on 5432 that the demo does not use
        new ProcessBuilder("pg_ctlcluster", "15", "main", "stop").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        if (!missing().isEmpty()) {
            throw new IllegalStateException("still missing after apt-get: " + String.join(", ", missing()));
        }
    }

    static List<String> missing() {
        List<String> out = new ArrayList<>();
        boolean postgres;
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            postgres = versions.anyMatch(v -> Files.isExecutable(v.resolve("bin/postgres")));
        } catch (IOException e) {
            postgres = false;
        }
        if (!postgres) {
            out.add("postgresql-15");
        }
        if (Stream.of(System.getenv().getOrDefault("PATH", "/usr/bin").split(":"))
                .noneMatch(d -> Files.isExecutable(Path.of(d, "pgbackrest")))) {
            out.add("pgbackrest");
        }
        return out;
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
        }
        return output;
    }
}
