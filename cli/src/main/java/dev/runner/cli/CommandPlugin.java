package dev.runner.cli;

import java.util.List;

/**
 * Adds subcommands to {@code runner} from another jar (found with {@link java.util.ServiceLoader}; list the
 * class in {@code META-INF/services/dev.runner.cli.CommandPlugin}). Each object is a picocli
 * {@code @Command}; it may declare {@code @ParentCommand Main main} to reach the shared services.
 */
public interface CommandPlugin {
    List<Object> commands();
}
