package dev.runner.workflows;

import dev.runner.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** The real CLI, in-process; output captured. */
final class Cli {
    /** The repository's workflows/ directory (tests run in engine/). */
    static final Path WORKFLOWS = Path.of("..", "workflows").toAbsolutePath().normalize();

    record Result(int exit, String out, String err) {
        String all() {
            return out + err;
        }
    }

    private final Map<String, String> env;
    private final List<String> common;

    /** {@code common} options (kubeconfig, state dir) go after the command's own arguments. */
    Cli(Map<String, String> env, String... common) {
        this.env = env;
        this.common = List.of(common);
    }

    Result run(String... args) {
        List<String> all = new ArrayList<>();
        Collections.addAll(all, args);
        all.addAll(common);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(all.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env);
        Result r = new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        System.out.println("$ runner " + String.join(" ", args) + "\n" + r.all() + "exit " + code);
        return r;
    }

    static String workflow(String name) {
        return WORKFLOWS.resolve(name + ".yaml").toString();
    }
}
