package dev.runner.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Randomly damaged workflow files must only ever fail with a LoadException (no crash, no hang). */
class MutationTest {
    @TempDir
    Path dir;

    @Test
    void damagedFilesFailCleanly() throws Exception {
        Files.createDirectories(dir.resolve("steps"));
        Files.copy(Path.of("src/test/resources/good/steps/restart.yaml"), dir.resolve("steps/restart.yaml"));
        Files.copy(Path.of("src/test/resources/good/steps/wait.yaml"), dir.resolve("steps/wait.yaml"));
        List<String> seeds = List.of(Files.readString(Path.of("src/test/resources/good/simple.yaml")),
                Files.readString(Path.of("src/test/resources/good/composite.yaml")));
        String alphabet = " \n-:[]{}&*!|>'\"#$%@`,?\tabcxyz0129.${}params.steps.outputs.";
        Random rnd = new Random(42);
        StringBuilder out = new StringBuilder();
        WorkflowLoader loader = new WorkflowLoader(FakeTypes.registry());
        int crashes = 0;
        for (int i = 0; i < 200; i++) {
            StringBuilder sb = new StringBuilder(seeds.get(i % 2));
            int edits = 1 + rnd.nextInt(4);
            for (int e = 0; e < edits; e++) {
                int at = rnd.nextInt(sb.length());
                switch (rnd.nextInt(3)) {
                    case 0 -> sb.deleteCharAt(at);
                    case 1 -> sb.insert(at, alphabet.charAt(rnd.nextInt(alphabet.length())));
                    default -> sb.setCharAt(at, alphabet.charAt(rnd.nextInt(alphabet.length())));
                }
            }
            Path f = dir.resolve("wf.yaml");
            Files.writeString(f, sb);
            try {
                loader.load(f);
            } catch (LoadException e) {
                // expected
            } catch (Throwable t) {
                if (crashes++ == 0) {
                    out.append(t).append(" on:\n").append(sb);
                }
            }
        }
        assertEquals(0, crashes, out.toString());
    }
}
