package dev.runner.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The docs test's own parts on a small synthetic markdown: extraction, matching, and failing on drift. */
class DocExamplesExtractorTest {
    private static final String DOC = """
            # Title

            ```console
            $ ./runner validate a.yaml b.yaml   # exit 2
            a.yaml: valid (1 step)
            …
            b.yaml:3:1: bad
            $ TOKEN='two words' ./runner plan x.yaml \\
                -p target=time -p "targetValue=2026-11-20 10:00:00+00"
            Workflow x (x.yaml)
            ```

            ```yaml
            $ ./runner this is not a shell block
            ```

            ```sh
            kubectl get pods        # an illustration without a prompt: not an example
            ```

            ```console cluster
            $ ./runner run workflows/recovery.yaml --context prod
            [1/29] ▶ check-params (shell)
            ```
            """;

    @Test
    void extractsCommandsEnvironmentExitCodesOutputAndTheClusterMark() {
        DocExamples.Extraction x = DocExamples.extract("doc.md", DOC);
        assertEquals(List.of(), x.problems());
        assertEquals(3, x.examples().size(), x.examples().toString());

        DocExample validate = x.examples().get(0);
        assertEquals("doc.md:4", validate.where());
        assertEquals(List.of("validate", "a.yaml", "b.yaml"), validate.args());
        assertEquals(2, validate.exitCode());
        assertEquals(List.of("a.yaml: valid (1 step)", "…", "b.yaml:3:1: bad"), validate.output());
        assertFalse(validate.needsCluster());

        DocExample plan = x.examples().get(1);
        assertEquals(8, plan.line());
        assertEquals(Map.of("TOKEN", "two words"), plan.env());
        assertEquals(List.of("plan", "x.yaml", "-p", "target=time", "-p", "targetValue=2026-11-20 10:00:00+00"),
                plan.args());
        assertEquals("TOKEN='two words' ./runner plan x.yaml -p target=time -p \"targetValue=2026-11-20 10:00:00+00\"",
                plan.command());
        assertEquals(0, plan.exitCode());
        assertEquals(List.of("Workflow x (x.yaml)"), plan.output());
        assertEquals(validate.block(), plan.block(), "one block, one session");

        DocExample run = x.examples().get(2);
        assertTrue(run.needsCluster());
        assertEquals("./runner run workflows/recovery.yaml --context prod", run.command());
        assertEquals(List.of("[1/29] ▶ check-params (shell)"), run.output());
    }

    @Test
    void aCommandTheTestCannotRunIsAProblemUnlessItsBlockIsMarkedCluster() {
        String doc = """
                ```console
                $ kubectl get pods
                $ ./runner graph w.yaml -f dot | dot -Tsvg
                $ ./runner plan w.yaml -p x=…
                $ ./runner plan "$(cat w.yaml)"
                ./runner validate w.yaml
                ```
                ```console cluster
                $ kubectl get pods
                ./runner backups
                ```
                """;
        List<String> problems = DocExamples.extract("doc.md", doc).problems();
        assertEquals(5, problems.size(), String.join("\n", problems));
        assertTrue(problems.get(0).startsWith("doc.md:6: a ./runner command without the '$ ' prompt"), problems.get(0));
        assertTrue(problems.get(1).startsWith("doc.md:2: an example runs ./runner, this one runs 'kubectl'"), problems.get(1));
        assertTrue(problems.get(2).startsWith("doc.md:3: '|' needs a shell"), problems.get(2));
        assertTrue(problems.get(3).startsWith("doc.md:4: '…' in a command cannot be run"), problems.get(3));
        assertTrue(problems.get(4).startsWith("doc.md:5: a shell substitution"), problems.get(4));
    }

    @Test
    void shownLinesMustAppearInOrderAndTogetherExceptAcrossAnEllipsisLine() {
        String out = "run 2026-abc: gated, 3 steps\n[1/3] ▶ first   \nfirst: ready\n[1/3] ✓ first 42ms\nsummary:\n";
        assertTrue(OutputMatch.mismatch(List.of("run …: gated, 3 steps", "[1/3] ▶ first"), out).isEmpty());
        assertTrue(OutputMatch.mismatch(List.of("[1/3] ▶ first", "…", "summary:"), out).isEmpty());
        assertTrue(OutputMatch.mismatch(List.of("…", "[1/3] ✓ first …ms"), out).isEmpty());
        assertTrue(OutputMatch.mismatch(List.of(), out).isEmpty());

        assertTrue(OutputMatch.mismatch(List.of("[1/3] ▶ first", "summary:"), out).isPresent(), "not adjacent");
        assertTrue(OutputMatch.mismatch(List.of("summary:", "…", "first: ready"), out).isPresent(), "out of order");
        assertTrue(OutputMatch.mismatch(List.of("first: steady"), out).isPresent(), "a changed line");
        assertEquals("these shown lines are not in the output after line 2:\n  first: steady",
                OutputMatch.mismatch(List.of("[1/3] ▶ first", "…", "first: steady"), out).orElseThrow());
    }

    /** The whole path, on the real CLI: a doc example that drifted in its exit code or its output fails. */
    @Test
    void anExampleWhoseExitCodeOrOutputDriftedFails(@TempDir Path scratch) throws Exception {
        String doc = """
                ```console
                $ ./runner validate cli/src/test/resources/cli/broken.yaml   # exit 2
                cli/src/test/resources/cli/broken.yaml:6:11: unknown step type 'lgo' (did you mean 'log'?)
                …
                cli/src/test/resources/cli/broken.yaml:11:12: unknown key 'mesage' (did you mean 'message'?)
                $ ./runner validate cli/src/test/resources/cli/broken.yaml
                cli/src/test/resources/cli/broken.yaml:6:11: unknown step type 'lgo' (did you mean 'log'?)
                $ ./runner validate cli/src/test/resources/cli/broken.yaml   # exit 2
                cli/src/test/resources/cli/broken.yaml:6:11: unknown step type 'lgo' (did you mean 'lug'?)
                ```
                """;
        List<DocExample> examples = DocExamples.extract("doc.md", doc).examples();
        ExampleRunner runner = new ExampleRunner(DocsExamplesTest.repoRoot());

        DocsExamplesTest.check(examples.get(0), runner.run(examples.get(0), scratch));

        AssertionError exit = assertThrows(AssertionError.class,
                () -> DocsExamplesTest.check(examples.get(1), runner.run(examples.get(1), scratch)));
        assertTrue(exit.getMessage().startsWith("doc.md:6: $ ./runner validate"), exit.getMessage());
        assertTrue(exit.getMessage().contains("exit code 2, the docs say 0"), exit.getMessage());

        AssertionError output = assertThrows(AssertionError.class,
                () -> DocsExamplesTest.check(examples.get(2), runner.run(examples.get(2), scratch)));
        assertTrue(output.getMessage().contains("not in the output:\n  cli/src/test/resources/cli/broken.yaml:6:11:"
                + " unknown step type 'lgo' (did you mean 'lug'?)"), output.getMessage());
        assertFalse(output.getMessage().contains("exit code"), output.getMessage());
    }
}
