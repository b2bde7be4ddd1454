package dev.runner.local.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.local.ImageScript;
import dev.runner.local.Testbed;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code runner demo --cluster-only} (#19 item 17) as a user meets it, in real processes: it prints a command that
 * runs configure-backup against its cluster as printed (from the project's directory, with no key in the
 * environment: the keys come from the 0600 params file it wrote), and Ctrl-C after that ends it with exit 0 and
 * removes its temporary work dir.
 */
class ClusterOnlyDemoTest {
    private static final String COMMAND = "./runner run workflows/configure-backup.yaml";

    @Test
    void thePrintedCommandRunsConfigureBackupAndCtrlCLeavesNoTempDir() throws Exception {
        Testbed.requirePostgres();
        Testbed.requirePgbackrest();
        Path tmp = Testbed.tempDir("cluster-only-demo");
        Path out = tmp.resolve("demo.txt");
        Path javaTmp = Files.createDirectory(tmp.resolve("java-tmp"));
        Files.setPosixFilePermissions(javaTmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Process demo = new ProcessBuilder(java(), "-Djava.io.tmpdir=" + javaTmp, "-cp",
                System.getProperty("java.class.path"), "dev.runner.cli.Main", "demo", "--cluster-only", "--processes")
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            String command = awaitLine(demo, out, COMMAND, 300);
            Path workDir;
            try (Stream<Path> dirs = Files.list(javaTmp)) {
                workDir = dirs.filter(d -> d.getFileName().toString().startsWith("runner-demo-")).findFirst()
                        .orElseThrow();
            }
            Path params = workDir.resolve(YourOwnRuns.PARAMS_FILE);
            assertTrue(command.contains("--params-file " + params), command);
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(params)));
            String text = Files.readString(params);
            for (String key : List.of("repoType", "s3Bucket", "s3Endpoint", "verifyTls", "image", "pgUser", "s3Key",
                    "s3KeySecret")) {
                assertTrue(text.contains("\n" + key + ": '"), key + " missing from\n" + text);
            }

            List<String> args = new ArrayList<>(List.of(java(), "-cp", System.getProperty("java.class.path"),
                    "dev.runner.cli.Main"));
            args.addAll(Arrays.asList(command.substring("./runner ".length()).split(" ")));
            ProcessBuilder run = new ProcessBuilder(args).directory(ImageScript.home().toFile())
                    .redirectErrorStream(true).redirectOutput(tmp.resolve("run.txt").toFile());
            run.environment().keySet().removeIf(k -> k.startsWith("AWS_") || k.equals("KUBECONFIG"));
            run.environment().put("RUNNER_STATE_DIR", tmp.resolve("state").toString());
            Process p = run.start();
            assertTrue(p.waitFor(10, TimeUnit.MINUTES), "configure-backup did not finish");
            String log = Files.readString(tmp.resolve("run.txt"));
            assertEquals(0, p.exitValue(), log);
            assertTrue(log.contains("succeeded"), log);
            assertFalse(log.contains("local-secret-key") || log.contains("local-access-key"), log);

            new ProcessBuilder("kill", "-INT", Long.toString(demo.pid())).start().waitFor();
            assertTrue(demo.waitFor(120, TimeUnit.SECONDS), "the demo did not stop");
            assertEquals(0, demo.exitValue(), Files.readString(out));
            assertFalse(Files.exists(workDir), workDir + " is left behind:\n" + Files.readString(out));
        } finally {
            demo.destroyForcibly();
        }
    }

    private static String awaitLine(Process p, Path out, String start, int seconds) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            if (Files.exists(out)) {
                Optional<String> line = Files.readAllLines(out).stream().map(String::strip)
                        .filter(l -> l.startsWith(start)).findFirst();
                if (line.isPresent()) {
                    return line.get();
                }
            }
            assertTrue(p.isAlive() && System.nanoTime() < end, "no '" + start + "' line: " + Files.readString(out));
            Thread.sleep(200);
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
