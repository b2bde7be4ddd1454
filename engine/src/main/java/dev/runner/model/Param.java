package dev.runner.model;

import java.util.List;
import java.util.Optional;

/**
 * A declared workflow parameter.
 *
 * @param type        string | int | bool | duration | enum-constrained string
 * @param defaultValue the default as written in the file (already a string), empty if none
 * @param fromEnv     name of the environment variable given by {@code from: env:VAR}, empty if none
 */
public record Param(
        String name,
        ParamType type,
        Optional<String> defaultValue,
        boolean required,
        String description,
        boolean secret,
        Optional<String> fromEnv,
        List<String> allowed,
        SourcePos pos) {

    public Param {
        allowed = List.copyOf(allowed);
    }
}
