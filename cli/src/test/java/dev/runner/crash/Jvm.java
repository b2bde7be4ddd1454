package dev.runner.crash;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;

/**
 * The command that starts a runner JVM for the crash tests. These tests start a dozen and a half JVMs, so
 * once per test JVM it builds a jar-only class path (CDS refuses directories) and a class-data-sharing
 * archive, which halves each start. If anything of that fails, it falls back to the plain test class path.
 */
final class Jvm {
    private static List<String> command;

    private Jvm() {
    }

    static synchronized List<String> command() {
        if (command == null) {
            command = build();
        }
        return command;
    }

    private static List<String> build() {
        String bin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> plain = List.of(bin, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"));
        try {
            Path scratch = Files.createTempDirectory("runner-crash-jvm");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(scratch)));
            List<String> jars = new ArrayList<>();
            for (Path p : classPath()) {
                if (Files.isDirectory(p)) {
                    if (!p.getFileName().toString().equals("test-classes")) {
                        jars.add(jar(p, scratch.resolve(p.getFileName() + ".jar")).toString());
                    }
                } else if (Files.isRegularFile(p)) {
                    jars.add(p.toString());
                }
            }
            String cp = String.join(File.pathSeparator, jars);
            Path jsa = scratch.resolve("runner.jsa");
            Path wf = scratch.resolve("warm.yaml");
            Files.writeString(wf, "apiVersion: runner/v1\nkind: Workflow\nname: warm\nsteps:\n"
                    + "  - id: a\n    type: log\n    with: {message: warm}\n");
            Process p = new ProcessBuilder(bin, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                    "-XX:ArchiveClassesAtExit=" + jsa, "-cp", cp, "dev.runner.cli.Main", "run", wf.toString(),
                    "--state-dir", scratch.resolve("state").toString())
                    .redirectErrorStream(true).redirectOutput(scratch.resolve("warm.log").toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0 || !Files.exists(jsa)) {
                p.destroyForcibly();
                return plain;
            }
            return List.of(bin, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:SharedArchiveFile=" + jsa,
                    "-Xshare:auto", "-cp", cp);
        } catch (IOException | RuntimeException e) {
            return plain;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return plain;
        }
    }

    /** The test class path, with surefire's manifest-only booter jar expanded. */
    private static List<Path> classPath() throws IOException {
        List<Path> out = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(e);
            String manifestCp = null;
            if (p.getFileName().toString().startsWith("surefirebooter") && Files.isRegularFile(p)) {
                try (JarFile jf = new JarFile(p.toFile())) {
                    manifestCp = jf.getManifest().getMainAttributes().getValue("Class-Path");
                }
            }
            if (manifestCp == null) {
                out.add(p);
                continue;
            }
            for (String u : manifestCp.trim().split("\\s+")) {
                URI uri = u.startsWith("file:") ? URI.create(u) : p.getParent().toUri().resolve(u);
                out.add(Path.of(uri));
            }
        }
        return out;
    }

    private static Path jar(Path dir, Path target) throws IOException {
        try (OutputStream os = Files.newOutputStream(target); JarOutputStream jar = new JarOutputStream(os);
             Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                jar.putNextEntry(new ZipEntry(dir.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, jar);
                jar.closeEntry();
            }
        }
        return target;
    }

    private static void delete(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // temp files; nothing to report
        }
    }
}
