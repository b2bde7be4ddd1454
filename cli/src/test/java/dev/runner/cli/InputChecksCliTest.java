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

    /** The README's example workflow runs as shown, outputs included. */
    @Test
    void theReadmeExampleRuns() {
        cli.env.put("RUNNER_TEST_PW", "pw-of-the-example");
        assertEquals(0, cli.run("run", Cli.file("hello.yaml"), "--state-dir", tmp.resolve("state").toString()),
                cli.out + cli.err);
    }
}
