package dev.runner.local.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.local.ImageScript;
import dev.runner.local.Testbed;
import dev.runner.local.kubelet.LocalImages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The runner's container image (cli/image/Dockerfile), built by scripts/build-images.sh from the CLI Maven has just
 * packaged, runs the CLI: it validates the shipped workflows it carries, and a workflow mounted into the container
 * with a mistake is refused as on a laptop (file:line:col, exit 2). Needs root and podman; never skips.
 */
class RunnerImageTest {
    static final List<String> PODMAN = List.of("podman", "--runtime", "runc", "--cgroup-manager", "cgroupfs");

    record Ran(int exit, String output) {
    }

    @Test
    void theImageValidatesWorkflowsInAContainer() throws Exception {
        String image = LocalImages.runner(ImageScript.home());

        Ran shipped = podman(List.of(), image, "validate", "/opt/runner/workflows/configure-backup.yaml",
                "/opt/runner/workflows/recovery.yaml");
        assertEquals(0, shipped.exit(), shipped.output());
        assertTrue(shipped.output().contains("/opt/runner/workflows/configure-backup.yaml: valid (21 steps)"),
                shipped.output());

        Path dir = Testbed.tempDir("runner-image-test");
        Files.writeString(dir.resolve("typo.yaml"), """
                apiVersion: runner/v1
                kind: Workflow
                name: typo
                steps:
                  - id: hello
                    type: log
                    wiht: {message: hi}
                """);
        Ran typo = podman(List.of("-v", dir + ":/work:ro,Z"), image, "validate", "/work/typo.yaml");
        assertEquals(2, typo.exit(), typo.output());
        assertTrue(typo.output().contains("/work/typo.yaml:7:"), typo.output());
        assertTrue(!typo.output().contains("\tat "), "no stack trace: " + typo.output());

        Ran version = podman(List.of(), image, "--version");
        assertEquals(0, version.exit(), version.output());
        assertTrue(version.output().contains("java 17."), "a Java 17 runtime: " + version.output());
    }

    private static Ran podman(List<String> options, String image, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(PODMAN);
        cmd.addAll(List.of("run", "--rm", "--network", "none", "--ulimit", "nofile=20000:20000", "--ulimit",
                "nproc=4096:4096"));
        cmd.addAll(options);
        cmd.add(image);
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "podman run hung: " + out);
        return new Ran(p.exitValue(), out);
    }
}
