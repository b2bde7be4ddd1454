package dev.runner.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.runner.step.StepRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Runs the CLI in-process and keeps what it printed. */
final class Cli {
    static final Path DIR = Path.of("src/test/resources/cli");

    final Map<String, String> env = new HashMap<>();
    /** The step types the CLI sees; null means those on the classpath. */
    StepRegistry types;
    String out;
    String err;

    int run(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(o, true, StandardCharsets.UTF_8),
                new PrintStream(e, true, StandardCharsets.UTF_8), env, types);
        out = o.toString(StandardCharsets.UTF_8);
        err = e.toString(StandardCharsets.UTF_8);
        return code;
    }

    static String file(String name) {
        return DIR.resolve(name).toString();
    }

    void assertNoStackTrace() {
        for (String s : new String[] {out, err}) {
            assertFalse(s.contains("\tat "), s);
            assertFalse(s.contains("Exception"), s);
        }
    }
}
