package dev.runner.cli;

import dev.runner.load.BoundParams;
import dev.runner.load.LoadException;
import dev.runner.load.ParamBinder;
import dev.runner.load.ParamInputs;
import dev.runner.load.RepositoryProfile;
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

    @Option(names = "--repository", paramLabel = "NAME|FILE",
            description = "Repository profile: the repository's settings written once (kind: RepositoryProfile), "
                    + "by name (./repositories/NAME.yaml, then ~/.config/runner/repositories/NAME.yaml) or path. "
                    + "-p, --params-file and the environment win over it.")
    String repository;

    /** The workflow's parameters bound from these options and the environment; secret values are registered. */
    public BoundParams bind(Workflow wf, Main main, java.util.function.Consumer<String> warn) throws LoadException {
        return bind(wf, Map.of(), main, warn);
    }

    /** As {@link #bind(Workflow, Main, java.util.function.Consumer)}, below {@code recorded} values of a run. */
    BoundParams bind(Workflow wf, Map<String, String> recorded, Main main, java.util.function.Consumer<String> warn)
            throws LoadException {
        ParamInputs inputs = ParamInputs.of(values, Optional.ofNullable(file)).withRecorded(recorded)
                .withRepository(profile(main));
        BoundParams bound = new ParamBinder().bind(wf, inputs, main.env());
        bound.warnings().forEach(warn);
        registerSecrets(bound, main, warn);
        return bound;
    }

    Optional<RepositoryProfile> profile(Main main) throws LoadException {
        if (repository == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(RepositoryProfile.read(RepositoryProfile.locate(repository, main.env())));
        } catch (RepositoryProfile.NotFound e) {
            throw new UserError("--repository " + repository + ": " + e.getMessage());
        }
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
