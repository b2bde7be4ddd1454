package dev.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.state.RunLock;
import dev.runner.state.StateDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** run / resume / status / runs in-process against real log and shell steps. */
class RunCommandsTest {
    static final String SECRET = "s3cr3t-Value-91";
    final Cli cli = new Cli();

    @TempDir
    Path tmp;

    private Path workflow() throws IOException {
        Path wf = tmp.resolve("wf.yaml");
        Files.writeString(wf, """
                apiVersion: runner/v1
                kind: Workflow
                name: gated
                params:
                  token: {type: string, secret: true, from: env:RUNNER_TEST_TOKEN}
                steps:
                  - id: first
                    type: shell
                    with: {run: "echo first >> effects.log; echo token=${params.token} >&2; echo ok"}
                  - id: gate
                    type: shell
                    needs: [first]
                    with: {run: "test -f open || { echo 'gate closed for ${params.token}' >&2; exit 7; }; echo gate >> effects.log"}
                  - id: last
                    type: log
                    needs: [gate]
                    with: {message: "first said ${steps.first.outputs.stdout}"}
                """);
        return wf;
    }

    private String state() {
        return tmp.resolve("state").toString();
    }

    @Test
    void failedRunResumesWithoutRepeatingFinishedSteps() throws IOException {
        Path wf = workflow();
        cli.env.put("RUNNER_TEST_TOKEN", SECRET);
        assertEquals(1, cli.run("run", wf.toString(), "--state-dir", state()));
        assertTrue(cli.out.contains("[1/3] ✓ first (shell)"), cli.out);
        assertTrue(cli.out.contains("[2/3] ✗ gate (shell)"), cli.out);
        assertTrue(cli.out.contains("command exited with code 7"), cli.out);
        assertTrue(cli.out.contains("runner resume "), cli.out);
        String all = cli.out + cli.err;

        assertEquals(0, cli.run("runs", "--state-dir", state()));
        assertTrue(cli.out.contains(" gated ") && cli.out.contains(" failed "), cli.out);
        all += cli.out + cli.err;

        Files.writeString(tmp.resolve("open"), "");
        assertEquals(0, cli.run("resume", "--state-dir", state()));
        assertTrue(cli.out.contains("resuming run"), cli.out);
        assertTrue(cli.out.contains("first said ok"), cli.out);
        assertEquals(List.of("first", "gate"), Files.readAllLines(tmp.resolve("effects.log")));
        all += cli.out + cli.err;

        assertEquals(0, cli.run("status", "--state-dir", state(), "--output", "json"));
        JsonNode status = JsonMapper.builder().build().readTree(cli.out);
        assertEquals("succeeded", status.get("state").asString());
        assertEquals(3, status.get("steps").size());
        assertEquals("***", status.get("params").get("token").asString());
        all += cli.out + cli.err;

        assertEquals(2, cli.run("resume", "--state-dir", state()), cli.err);
        assertTrue(cli.err.contains("no unfinished run"), cli.err);
        assertNoSecret(all);
    }

    @Test
    void changedWorkflowIsRefusedUnlessForced() throws IOException {
        Path wf = workflow();
        cli.env.put("RUNNER_TEST_TOKEN", SECRET);
        assertEquals(1, cli.run("run", wf.toString(), "--state-dir", state()));
        Files.writeString(wf, Files.readString(wf).replace("name: gated", "name: gated2"));
        Files.writeString(tmp.resolve("open"), "");
        assertEquals(2, cli.run("resume", "--state-dir", state()));
        assertTrue(cli.err.contains("different workflow file(s)") && cli.err.contains("--force"), cli.err);
        assertEquals(0, cli.run("resume", "--state-dir", state(), "--force"));
        assertTrue(cli.err.contains("warning: --force"), cli.err);
        String runId = cli.out.lines().filter(l -> l.startsWith("resuming run ")).findFirst().orElseThrow()
                .split(" ")[2].replace(":", "");
        cli.env.put("RUNNER_TEST_TOKEN", "another-token");
        assertEquals(2, cli.run("resume", runId, "--state-dir", state(), "--from", "gate"));
        assertTrue(cli.err.contains("different params"), cli.err);
        cli.env.put("RUNNER_TEST_TOKEN", SECRET);
        assertEquals(0, cli.run("resume", runId, "--state-dir", state(), "--from", "gate"));
        assertEquals(List.of("first", "gate", "gate"), Files.readAllLines(tmp.resolve("effects.log")));
    }

    @Test
    void secondRunOnTheSameTargetIsRefusedWithTheHolder() throws Exception {
        Path wf = workflow();
        cli.env.put("RUNNER_TEST_TOKEN", SECRET);
        Path lock = new StateDir(Path.of(state())).targetLockFile(wf, Map.of());
        try (RunLock held = RunLock.acquire(lock, "holder-run", w -> { })) {
            assertEquals(4, cli.run("run", wf.toString(), "--state-dir", state()));
            assertTrue(cli.err.contains("locked by run holder-run (pid " + ProcessHandle.current().pid()), cli.err);
        }
        assertFalse(Files.exists(tmp.resolve("effects.log")), "nothing ran");
    }

    @Test
    void jsonOutputIsOneEventPerLineAndMasked() throws IOException {
        Path wf = workflow();
        Files.writeString(tmp.resolve("open"), "");
        cli.env.put("RUNNER_TEST_TOKEN", SECRET);
        assertEquals(0, cli.run("run", wf.toString(), "--state-dir", state(), "--output", "json"));
        JsonMapper m = JsonMapper.builder().build();
        List<String> events = cli.out.lines().map(l -> m.readTree(l).get("event").asString()).toList();
        assertEquals("run-started", events.get(0));
        assertEquals("run-finished", events.get(events.size() - 1));
        assertTrue(cli.out.contains("token=***"), cli.out);
        assertNoSecret(cli.out + cli.err);
    }

    static final String PEM = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0B\nAQEFAASCBKcwggSjAgEAAoIB\n"
            + "-----END PRIVATE KEY-----";

    @Test
    void everyLineOfAMultiLineSecretIsMaskedInEveryStreamAndFile() throws IOException {
        Path wf = tmp.resolve("pem.yaml");
        Files.writeString(wf, """
                apiVersion: runner/v1
                kind: Workflow
                name: pem
                params:
                  key: {type: string, secret: true, from: env:RUNNER_TEST_KEY}
                steps:
                  - id: show
                    type: shell
                    with: {run: "printf '%s\\n' '${params.key}'; printf '%s\\n' '${params.key}' >&2; exit 3"}
                """);
        cli.env.put("RUNNER_TEST_KEY", PEM.replace("\n", "\r\n"));
        assertEquals(1, cli.run("run", wf.toString(), "--state-dir", state()));
        String all = cli.out + cli.err;
        assertTrue(cli.out.contains("***"), cli.out);
        assertEquals(1, cli.run("run", wf.toString(), "--state-dir", state(), "--output", "json"));
        all += cli.out + cli.err;
        assertEquals(0, cli.run("status", "--state-dir", state(), "--output", "json"));
        all += cli.out + cli.err;
        for (String line : PEM.split("\n")) {
            assertNoSecret(all, line);
        }
    }

    @Test
    void aSecretTooShortToMaskIsLeftVisibleWithAWarning() throws IOException {
        Path wf = workflow();
        Files.writeString(tmp.resolve("open"), "");
        cli.env.put("RUNNER_TEST_TOKEN", "x");
        assertEquals(0, cli.run("run", wf.toString(), "--state-dir", state()));
        assertTrue(cli.err.contains("warning: secret param 'token' is shorter than 4 characters"), cli.err);
        assertTrue(cli.out.contains("first said ok"), cli.out);
        assertFalse(cli.out.contains("e***it"), cli.out);
    }

    private void assertNoSecret(String output) throws IOException {
        assertNoSecret(output, SECRET);
    }

    /** The secret must not appear in any output nor in any file under the state dir. */
    private void assertNoSecret(String output, String secret) throws IOException {
        assertFalse(output.contains(secret), output);
        try (Stream<Path> files = Files.walk(tmp.resolve("state"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertFalse(Files.readString(f).contains(secret), f.toString());
            }
        }
    }
}
