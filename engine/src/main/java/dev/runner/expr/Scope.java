package dev.runner.expr;

import java.nio.file.Path;
import java.util.Map;

/**
 * What {@code ${...}} can see when a step starts.
 *
 * @param params      bound parameter values
 * @param stepOutputs outputs of finished steps by step id
 * @param env         the process environment (or a test double)
 * @param baseDir     directory {@code ${file:PATH}} is relative to (the declaring file's directory)
 */
public record Scope(Map<String, String> params, Map<String, Map<String, String>> stepOutputs,
                    Map<String, String> env, Path baseDir) {
}
