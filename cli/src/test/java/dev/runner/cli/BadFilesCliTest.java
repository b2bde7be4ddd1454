package dev.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.load.BadFilesTest;
import dev.runner.load.FakeTypes;
import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** `runner validate` on every bad file of bad/EXPECTED.tsv: exit 2, file:line:col: message, no stack trace. */
class BadFilesCliTest {

    @TestFactory
    Stream<DynamicTest> validateReportsEachBadFile() throws IOException {
        return BadFilesTest.table().entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            Cli cli = new Cli();
            cli.types = FakeTypes.registry();
            Path file = BadFilesTest.BAD.resolve(e.getKey());
            assertEquals(2, cli.run("validate", file.toString()), cli.err);
            assertEquals("", cli.out);
            cli.assertNoStackTrace();
            for (BadFilesTest.Row r : e.getValue()) {
                String where = r.reportedIn() + ":" + r.line() + ":" + r.col() + ": ";
                boolean found = cli.err.lines().anyMatch(l -> l.startsWith(where) && l.contains(r.substring()));
                assertTrue(found, "expected " + where + "..." + r.substring() + "... in:\n" + cli.err);
            }
        }));
    }
}
