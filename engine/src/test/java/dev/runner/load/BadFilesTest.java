package dev.runner.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every file under resources/bad must fail to load with the problems listed in bad/EXPECTED.tsv. */
public class BadFilesTest {
    /** The bad files; other modules' tests (the CLI's) reuse the table, so it is found from either directory. */
    public static final Path BAD = Files.isDirectory(Path.of("src/test/resources/bad"))
            ? Path.of("src/test/resources/bad") : Path.of("../engine/src/test/resources/bad");

    public record Row(String file, Path reportedIn, int line, int col, String substring) {
    }

    public static Map<String, List<Row>> table() throws IOException {
        Map<String, List<Row>> rows = new LinkedHashMap<>();
        for (String l : Files.readAllLines(BAD.resolve("EXPECTED.tsv"))) {
            if (l.isBlank() || l.startsWith("#")) {
                continue;
            }
            String[] c = l.split("\t", -1);
            String[] where = c[1].split(":");
            Path in = where.length == 3 ? BAD.resolve(where[0]).normalize() : BAD.resolve(c[0]);
            int n = where.length;
            rows.computeIfAbsent(c[0], k -> new ArrayList<>()).add(new Row(c[0], in,
                    Integer.parseInt(where[n - 2]), Integer.parseInt(where[n - 1]), c[2]));
        }
        return rows;
    }

    @Test
    void everyBadFileIsInTheTableAndThereAreEnough() throws IOException {
        Set<String> files;
        try (Stream<Path> s = Files.list(BAD)) {
            files = s.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".yaml"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(files, new TreeSet<>(table().keySet()));
        assertTrue(files.size() >= 25, "at least 25 bad files");
    }

    @TestFactory
    Stream<DynamicTest> eachBadFileReportsItsProblems() throws IOException {
        WorkflowLoader loader = new WorkflowLoader(FakeTypes.registry());
        return table().entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            List<Problem> problems;
            try {
                loader.load(BAD.resolve(e.getKey()));
                fail(e.getKey() + " loaded without problems");
                return;
            } catch (LoadException ex) {
                problems = ex.problems();
            }
            for (Row r : e.getValue()) {
                boolean found = problems.stream().anyMatch(p -> p.pos().file().normalize().equals(r.reportedIn())
                        && p.pos().line() == r.line() && p.pos().column() == r.col()
                        && p.message().contains(r.substring()));
                assertTrue(found, "expected " + r.reportedIn() + ":" + r.line() + ":" + r.col() + ": ..."
                        + r.substring() + "... among:\n" + problems.stream().map(Problem::toString)
                        .collect(Collectors.joining("\n")));
            }
            assertEquals(e.getValue().size(), problems.size(), "no extra problems: " + problems);
        }));
    }
}
