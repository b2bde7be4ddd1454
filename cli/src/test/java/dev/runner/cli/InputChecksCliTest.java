package dev.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Inputs a hostile or careless user gives the CLI: each is refused with exit 2 and one clear line. */
class InputChecksCliTest {
    final Cli cli = new Cli();

    @TempDir
    Path tmp;

    @Test
    void validateRefusesADeviceWithoutReadingIt() throws Exception {
        Path link = tmp.resolve("zero.yaml");
        Files.createSymbolicLink(link, Path.of("/dev/zero"));
        assertEquals(2, assertTimeoutPreemptively(Duration.ofSeconds(20), () -> cli.run("validate", "/dev/zero",
                link.toString())));
        assertEquals("/dev/zero:1:1: is a character device, not a regular file; refusing to read it\n"
                + link + ":1:1: is a character device, not a regular file; refusing to read it\n", cli.err);
    }

    @Test
    void validateRefusesAFifoWithoutBlocking() throws Exception {
        Path fifo = tmp.resolve("pipe.yaml");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        assertEquals(2, assertTimeoutPreemptively(Duration.ofSeconds(20), () -> cli.run("validate", fifo.toString())));
        assertEquals(fifo + ":1:1: is a FIFO (named pipe), not a regular file; refusing to read it\n", cli.err);
    }

    @Test
    void runRefusesAZeroOrHugeTimeoutBeforeAnythingRuns() throws Exception {
        Path effects = tmp.resolve("effects");
        Path wf = tmp.resolve("wf.yaml");
        Files.writeString(wf, """
                apiVersion: runner/v1
                kind: Workflow
                steps:
                  - id: a
                    type: shell
                    with: {run: "touch %s"}
                """.formatted(effects));
        String state = tmp.resolve("state").toString();
        assertEquals(2, cli.run("run", wf.toString(), "--state-dir", state, "--timeout", "0s"));
        assertEquals("runner: --timeout: '0s' must be more than 0\n", cli.err);
        assertEquals(2, cli.run("run", wf.toString(), "--state-dir", state, "--timeout", "999999999999d"));
        assertEquals("runner: --timeout: '999999999999d' is too long: the longest duration is 365d\n", cli.err);
        assertTrue(Files.notExists(effects), "nothing ran");
    }

    /** A misspelt output name stops plan (and so run) before any step has had an effect. */
    @Test
    void planAndRunRefuseAnUnknownOutputName() throws Exception {
        Path effects = tmp.resolve("effects");
        Path wf = tmp.resolve("typo.yaml");
        Files.writeString(wf, """
                apiVersion: runner/v1
                kind: Workflow
                steps:
                  - id: build
                    type: shell
                    with: {run: "echo built >> %s"}
                  - id: show
                    type: log
                    needs: [build]
                    with: {message: "${steps.build.outputs.stdot}"}
                """.formatted(effects));
        String expected = wf + ":10:21: step 'build' (type shell) has no output 'stdot' in ${steps.build.outputs.stdot}"
                + " (did you mean 'stdout'?)\n";
        assertEquals(2, cli.run("plan", wf.toString()));
        assertEquals(expected, cli.err);
        assertEquals(2, cli.run("run", wf.toString(), "--state-dir", tmp.resolve("state").toString()));
        assertEquals(expected, cli.err);
        assertTrue(Files.notExists(effects), "nothing ran");
    }

    /** The README's example workflow runs as shown, outputs included. */
    @Test
    void theReadmeExampleRuns() {
        cli.env.put("RUNNER_TEST_PW", "pw-of-the-example");
        assertEquals(0, cli.run("run", Cli.file("hello.yaml"), "--state-dir", tmp.resolve("state").toString()),
                cli.out + cli.err);
    }

    private Path oneStep(String run) throws Exception {
        Path wf = tmp.resolve("one.yaml");
        Files.writeString(wf, """
                apiVersion: runner/v1
                kind: Workflow
                name: one
                params:
                  x: {type: string, default: a}
                steps:
                  - id: only
                    type: shell
                    with: {run: "%s"}
                """.formatted(run));
        return wf;
    }

    @Test
    void oneStepIsCountedAsOneStep() throws Exception {
        Path wf = oneStep("true");
        assertEquals(0, cli.run("validate", wf.toString()));
        assertEquals(wf + ": valid (1 step)\n", cli.out);
        assertEquals(0, cli.run("run", wf.toString(), "--state-dir", tmp.resolve("state").toString()), cli.err);
        assertTrue(cli.out.contains(": one, 1 step\n"), cli.out);
        assertTrue(cli.out.contains(" (1 step this time: 1 succeeded, 0 failed, 0 skipped)"), cli.out);
    }

    @Test
    void resumeWithOtherParamsIsWordedAsSuch() throws Exception {
        Path wf = oneStep("exit 3");
        String state = tmp.resolve("state").toString();
        assertEquals(1, cli.run("run", wf.toString(), "--state-dir", state, "-p", "x=b"));
        assertEquals(2, cli.run("resume", "--state-dir", state, "-p", "x=c"));
        assertTrue(cli.err.contains(" was started with different params; resuming could mix"), cli.err);
    }

    @Test
    void unknownStepInSkipExitsTwoLikeFrom() throws Exception {
        Path wf = oneStep("true");
        String state = tmp.resolve("state").toString();
        assertEquals(0, cli.run("run", wf.toString(), "--state-dir", state));
        String runId = cli.out.lines().filter(l -> l.startsWith("run ")).findFirst().orElseThrow().split("[ :]")[1];
        assertEquals(2, cli.run("resume", runId, "--state-dir", state, "--from", "nosuch"));
        assertEquals("runner: no step 'nosuch' in " + wf + "\n", cli.err);
        assertEquals(2, cli.run("resume", runId, "--state-dir", state, "--skip", "nosuch"));
        assertEquals("runner: no step 'nosuch' in " + wf + "\n", cli.err);
        assertEquals(0, cli.run("resume", runId, "--state-dir", state, "--skip", "only"));
    }

    @Test
    void anUnusableStateDirExitsTwo() throws Exception {
        Path wf = oneStep("true");
        Path file = tmp.resolve("a-file");
        Files.writeString(file, "x");
        for (String dir : new String[] {file.toString(), file.resolve("below").toString()}) {
            for (String[] cmd : new String[][] {{"run", wf.toString()}, {"status"}, {"runs"}, {"resume"}}) {
                String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(cmd),
                        java.util.stream.Stream.of("--state-dir", dir)).toArray(String[]::new);
                assertEquals(2, cli.run(args), String.join(" ", args) + ": " + cli.err);
                assertTrue(cli.err.startsWith("runner: cannot use the state directory " + dir + " (--state-dir): "
                        + (dir.equals(file.toString()) ? "it" : file.toString()) + " is not a directory"), cli.err);
                cli.assertNoStackTrace();
            }
        }
    }

    @Test
    void aDamagedJournalIsOneLine() throws Exception {
        Path wf = oneStep("true");
        String state = tmp.resolve("state").toString();
        assertEquals(0, cli.run("run", wf.toString(), "--state-dir", state));
        Path runDir;
        try (var dirs = Files.list(tmp.resolve("state/runs"))) {
            runDir = dirs.findFirst().orElseThrow();
        }
        Path journal = runDir.resolve("journal.jsonl");
        java.util.List<String> lines = Files.readAllLines(journal);
        lines.set(1, "{\"type\": garbage");
        Files.write(journal, lines);
        Files.deleteIfExists(runDir.resolve("snapshot.json"));
        assertEquals(2, cli.run("status", "--state-dir", state));
        assertEquals("runner: run " + runDir.getFileName() + " cannot be read: " + journal
                + ": the journal is damaged in the middle: line 2 is not valid JSON (column 10)\n", cli.err);
    }
}
