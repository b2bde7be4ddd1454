package dev.runner.load;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What a command was given to bind a workflow's parameters from, strongest first: {@code -p} values, a params
 * file, the values recorded by the run being resumed, a repository profile. The environment and the declared
 * defaults come after all of them.
 */
public record ParamInputs(Map<String, String> options, Optional<Path> paramsFile, Map<String, String> recorded,
                          Optional<RepositoryProfile> repository) {
    public ParamInputs {
        options = Map.copyOf(options);
        recorded = Map.copyOf(recorded);
    }

    public static ParamInputs of(Map<String, String> options, Optional<Path> paramsFile) {
        return new ParamInputs(options, paramsFile, Map.of(), Optional.empty());
    }

    public ParamInputs withRecorded(Map<String, String> values) {
        return new ParamInputs(options, paramsFile, values, repository);
    }

    public ParamInputs withRepository(Optional<RepositoryProfile> profile) {
        return new ParamInputs(options, paramsFile, recorded, profile);
    }
}
