package dev.runner.plan;

import java.util.Optional;

/** A parameter as the plan shows it; {@code value} is empty when unset and {@code ***} when secret. */
public record PlannedParam(String name, String type, Optional<String> value, boolean secret, String description) {
}
