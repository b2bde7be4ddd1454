package dev.runner.plan;

import java.util.Optional;

/**
 * A parameter as the plan shows it; {@code value} is empty when unset and {@code ***} when secret;
 * {@code source} says where the value came from ({@code default}, {@code -p}, {@code env VAR}, a file position).
 */
public record PlannedParam(String name, String type, Optional<String> value, boolean secret, String description,
                           String source) {
}
