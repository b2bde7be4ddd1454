package dev.runner.cli;

import dev.runner.load.BoundParams;
import dev.runner.load.LoadException;
import dev.runner.load.ParamBinder;
import dev.runner.model.Workflow;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code -p KEY=VALUE} and {@code --params-file FILE}, for every command that binds parameters. */
public final class ParamsOptions {
    @Option(names = {"-p", "--param"}, paramLabel = "KEY=VALUE",
            description = "Set a workflow parameter (repeatable); wins over --params-file and the environment.")
    Map<String, String> values = new LinkedHashMap<>();

    @Option(names = "--params-file", paramLabel = "FILE",
            description = "YAML file with parameter values (a mapping of name to value).")
    Path file;

    /** The workflow's parameters bound from these options and the environment; secret values are registered. */
    public BoundParams bind(Workflow wf, Main main, java.util.function.Consumer<String> warn) throws LoadException {
        BoundParams bound = new ParamBinder().bind(wf, values, Optional.ofNullable(file), main.env());
        registerSecrets(bound, main, warn);
        return bound;
    }

    /** Registers the secret params' values for masking, warning (by name only) about any too short to mask. */
    static void registerSecrets(BoundParams bound, Main main, java.util.function.Consumer<String> warn) {
        bound.secretNames().stream().filter(bound.values()::containsKey).sorted().forEach(n -> {
            if (!main.secrets().add(bound.values().get(n))) {
                warn.accept("secret param '" + n + "' is shorter than " + dev.runner.model.Secrets.MIN_LENGTH
                        + " characters, too short to mask safely: it is shown as it is wherever it appears");
            }
        });
    }
}
