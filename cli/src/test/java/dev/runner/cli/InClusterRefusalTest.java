package dev.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run --in-cluster} refuses, before creating anything, what a run inside one cluster cannot do. */
class InClusterRefusalTest {
    @TempDir
    Path dir;

    @Test
    void aStepThroughAnotherKubeContextIsRefusedBeforeAnythingIsCreated() throws Exception {
        Path wf = dir.resolve("copy.yaml");
        Files.writeString(wf, """
                apiVersion: runner/v1
                kind: Workflow
                name: copy
                steps:
                  - id: copy
                    type: copy-secret
                    with: {name: s, fromContext: old, toContext: new}
                """);
        Cli cli = new Cli();
        cli.env.put("KUBECONFIG", dir.resolve("none").toString());
        assertEquals(2, cli.run("run", wf.toString(), "--in-cluster", "-n", "x"), cli.out + cli.err);
        assertTrue(cli.err.contains("step copy works through kube context old: a run inside the cluster reaches only"
                + " its own cluster"), cli.err);
        cli.assertNoStackTrace();
    }
}
