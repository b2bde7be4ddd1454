package dev.runner.load;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import dev.runner.step.StepRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** The workflows and step files that ship in workflows/ load cleanly with the step types on the class path. */
class ShippedWorkflowsTest {
    @TestFactory
    Stream<DynamicTest> shippedFilesAreValid() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Stream.concat(Files.list(Path.of("../workflows")), Files.list(Path.of("../workflows/steps")))) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertFalse(files.isEmpty());
        WorkflowLoader loader = new WorkflowLoader(StepRegistry.discover());
        return files.stream().map(f -> DynamicTest.dynamicTest(f.toString(), () -> {
            try {
                assertFalse(loader.load(f).steps().isEmpty());
            } catch (LoadException e) {
                fail(e.problems().stream().map(Problem::toString).collect(Collectors.joining("\n")));
            }
        }));
    }
}
