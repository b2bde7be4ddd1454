package dev.runner.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** YAML inputs that must be refused quickly with one clear problem. */
class YamlHazardsTest {
    @TempDir
    Path dir;

    List<String> problems(String name, byte[] content) throws Exception {
        Path f = dir.resolve(name);
        Files.write(f, content);
        LoadException e = assertThrows(LoadException.class, () -> assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> new WorkflowLoader(FakeTypes.registry()).load(f)));
        return e.problems().stream().map(p -> p.pos().line() + ":" + p.pos().column() + " " + p.message()).toList();
    }

    List<String> problems(String name, String content) throws Exception {
        return problems(name, content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void manyAliases() throws Exception {
        StringBuilder sb = new StringBuilder("a: &a x\nb: [");
        for (int i = 0; i < 60; i++) {
            sb.append("*a, ");
        }
        sb.append("*a]\n");
        assertEquals(List.of("2:205 more than 50 aliases (*name) in one file; refusing (possible alias bomb)"),
                problems("aliases.yaml", sb.toString()));
    }

    @Test
    void recursiveAlias() throws Exception {
        List<String> p = problems("recursive.yaml", "a: &a [x, *a]\n");
        assertEquals(1, p.size(), p.toString());
        assertEquals("1:4 recursive alias: a value contains itself", p.get(0).replaceFirst("^1:\\d+", "1:4"));
    }

    @Test
    void deepBlockNesting() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            sb.append("  ".repeat(i)).append("k").append(i).append(":\n");
        }
        assertEquals(List.of("65:129 nesting is deeper than 64 levels"), problems("deep.yaml", sb.toString()));
    }

    @Test
    void invalidUtf8() throws Exception {
        assertEquals(List.of("1:1 the file is not valid UTF-8 text"),
                problems("bin.yaml", new byte[] {'a', ':', ' ', (byte) 0xC3, (byte) 0x28, '\n'}));
    }

    @Test
    void nullAndBoolKeys() throws Exception {
        assertEquals(List.of("3:1 keys must be strings; key 'true' (a boolean) is not (quote it)",
                        "4:1 keys must be strings; key '~' (empty (null)) is not (quote it)"),
                problems("keys.yaml", "apiVersion: runner/v1\nkind: Workflow\ntrue: 1\n~: 2\nsteps: []\n"));
    }

    @Test
    void missingFile() throws Exception {
        LoadException e = assertThrows(LoadException.class,
                () -> new WorkflowLoader(FakeTypes.registry()).load(dir.resolve("nope.yaml")));
        assertEquals(dir.resolve("nope.yaml") + ":1:1: no such file", e.problems().get(0).toString());
    }

    /** Many values written out in full are no alias bomb: only what aliases add is counted (issue 19 item 13). */
    @Test
    void longChainWithoutAliasesIsValid() throws Exception {
        int n = 7000;
        StringBuilder sb = new StringBuilder("apiVersion: runner/v1\nkind: Workflow\nsteps:\n");
        for (int i = 0; i < n; i++) {
            sb.append("  - id: s").append(i).append("\n    type: echo\n");
            if (i > 0) {
                sb.append("    needs: [s").append(i - 1).append("]\n");
            }
            sb.append("    with: {message: step ").append(i).append(", level: info}\n");
        }
        assertTrue(sb.length() < YamlReader.MAX_BYTES, "under the size limit: " + sb.length());
        Path f = dir.resolve("chain.yaml");
        Files.writeString(f, sb);
        var wf = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> new WorkflowLoader(FakeTypes.registry()).load(f));
        assertEquals(n, wf.steps().size());
    }

    @Test
    void aliasesThatExpandALotAreRefused() throws Exception {
        StringBuilder sb = new StringBuilder("apiVersion: runner/v1\nkind: Workflow\na: &a [");
        sb.append("x, ".repeat(2000)).append("x]\nb: [");
        sb.append("*a, ".repeat(30)).append("*a]\nsteps: []\n");
        List<String> p = problems("wide.yaml", sb.toString());
        assertEquals(1, p.size(), p.toString());
        assertTrue(p.get(0).endsWith("aliases expand the document by more than 50000 values; refusing (possible alias bomb)"),
                p.toString());
    }

    /** /dev/zero never ends: it must be refused, not read until memory runs out (issue 19 item 14). */
    @Test
    void deviceIsRefusedWithoutReadingIt() throws Exception {
        Path link = dir.resolve("zero.yaml");
        Files.createSymbolicLink(link, Path.of("/dev/zero"));
        for (Path f : List.of(Path.of("/dev/zero"), link)) {
            assertEquals(List.of(f + ":1:1: is a character device, not a regular file; refusing to read it"),
                    loadProblems(f));
        }
    }

    @Test
    void fifoIsRefusedWithoutBlocking() throws Exception {
        Path fifo = dir.resolve("pipe.yaml");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor());
        assertEquals(List.of(fifo + ":1:1: is a FIFO (named pipe), not a regular file; refusing to read it"),
                loadProblems(fifo));
    }

    @Test
    void directoryIsRefused() throws Exception {
        assertEquals(List.of(dir + ":1:1: is a directory, not a workflow file"), loadProblems(dir));
    }

    @Test
    void tooLargeIsRefusedAfterReadingOnlyTheLimit() throws Exception {
        Path f = dir.resolve("big.yaml");
        Files.write(f, new byte[YamlReader.MAX_BYTES + 1]);
        assertEquals(List.of(f + ":1:1: the file is too large (more than 1048576 bytes, the limit)"), loadProblems(f));
    }

    @Test
    void specialFilesUsedAsStepFilesAreNamedForWhatTheyAre() throws Exception {
        Path fifo = dir.resolve("pipe.yaml");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        Files.createSymbolicLink(dir.resolve("zero.yaml"), Path.of("/dev/zero"));
        Path wf = dir.resolve("wf.yaml");
        Files.writeString(wf, """
                apiVersion: runner/v1
                kind: Workflow
                steps:
                  - id: a
                    uses: ./pipe.yaml
                  - id: b
                    uses: ./zero.yaml
                """);
        assertEquals(List.of(wf + ":5:11: " + fifo + " is a FIFO (named pipe), not a regular file; refusing to read it",
                wf + ":7:11: " + dir.resolve("zero.yaml") + " is a character device, not a regular file; refusing to read it"),
                loadProblems(wf));
    }

    private List<String> loadProblems(Path f) {
        LoadException e = assertThrows(LoadException.class, () -> assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> new WorkflowLoader(FakeTypes.registry()).load(f)));
        return e.problems().stream().map(Object::toString).toList();
    }
}
