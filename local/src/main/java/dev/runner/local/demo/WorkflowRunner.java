package dev.runner.local.demo;

import java.util.List;
import java.util.Map;

/** Runs {@code runner} with the given arguments and environment (in-process: dev.runner.cli.Main). */
@FunctionalInterface
public interface WorkflowRunner {
    int run(List<String> args, Map<String, String> env);
}
