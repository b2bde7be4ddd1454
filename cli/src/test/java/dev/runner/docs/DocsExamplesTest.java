package dev.runner.docs;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code $ ./runner …} example of README.md and docs/*.md, run as written from the repository root: the exit
 * code and every shown output line must be what the docs say (the conventions: docs/development.md, "The docs
 * test"). Examples in a block marked {@code cluster} need a live cluster; each is reported as skipped, by name.
 */
class DocsExamplesTest {
    /** Below this many runnable examples something is wrong with the extraction, not with the docs. */
    private static final int AT_LEAST = 10;

    @TempDir
    static Path scratch;

    @Test
    void everyCommandExampleIsRunnableOrMarkedAsNeedingACluster() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Path doc : docs()) {
            problems.addAll(extract(doc).problems());
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void theDocsHaveRunnableExamples() throws IOException {
        long runnable = allExamples().stream().filter(e -> !e.needsCluster()).count();
        assertTrue(runnable >= AT_LEAST, "only " + runnable + " runnable examples found in " + docs());
    }

    @TestFactory
    Stream<DynamicTest> eachExamplePrintsWhatTheDocsShow() throws IOException {
        ExampleRunner runner = new ExampleRunner(repoRoot());
        Map<String, Path> blockDirs = new HashMap<>();
        return allExamples().stream().map(e -> DynamicTest.dynamicTest(e.toString(), () -> {
            if (e.needsCluster()) {
                System.out.println("not run (block marked '" + DocExamples.CLUSTER + "'): " + e);
                Assumptions.abort("not run: its block is marked '" + DocExamples.CLUSTER + "' (needs a live cluster): "
                        + e);
            }
            // the examples of one block are one session: a run, then `runs`, then `resume` see the same state
            Path dir = blockDirs.computeIfAbsent(e.file() + ":" + e.block(), k -> newDir());
            ExampleRunner.Result r = runner.run(e, dir);
            check(e, r);
        }));
    }

    /** Fails with the example, the exit code and the whole output when either is not what the docs show. */
    static void check(DocExample e, ExampleRunner.Result r) {
        Optional<String> missing = OutputMatch.mismatch(e.output(), r.output());
        if (r.exitCode() != e.exitCode() || missing.isPresent()) {
            fail(e.where() + ": $ " + e.command() + "\n"
                    + (r.exitCode() != e.exitCode() ? "exit code " + r.exitCode() + ", the docs say " + e.exitCode()
                            + (e.exitCode() == 0 ? " (no '# exit N' comment)" : "") + "\n" : "")
                    + missing.map(m -> m + "\n").orElse("")
                    + "output:\n" + r.output());
        }
    }

    private static Path newDir() {
        try {
            return Files.createTempDirectory(scratch, "block");
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static List<DocExample> allExamples() throws IOException {
        List<DocExample> all = new ArrayList<>();
        for (Path doc : docs()) {
            all.addAll(extract(doc).examples());
        }
        return all;
    }

    private static DocExamples.Extraction extract(Path doc) throws IOException {
        Path root = repoRoot();
        return DocExamples.extract(root.relativize(doc).toString(), Files.readString(doc, StandardCharsets.UTF_8));
    }

    /** README.md and every docs/*.md, in a stable order. */
    static List<Path> docs() throws IOException {
        Path root = repoRoot();
        List<Path> docs = new ArrayList<>(List.of(root.resolve("README.md")));
        try (Stream<Path> files = Files.list(root.resolve("docs"))) {
            files.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        return docs;
    }

    /** The directory with README.md and docs/: the module's parent when the tests run in cli/. */
    static Path repoRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("README.md")) && Files.isDirectory(p.resolve("docs"))) {
                return p;
            }
        }
        throw new IllegalStateException("no README.md with a docs/ beside it above " + Path.of("").toAbsolutePath());
    }
}
