package dev.runner.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code -h/--help} and {@code -V/--version} for a command whose model is built in code, worded exactly as
 * picocli's {@code mixinStandardHelpOptions}. That mixin is an annotated class, and reading annotations
 * makes the JVM generate a proxy class per annotation type, which a cold {@code runner validate} pays for.
 */
final class StandardOptions {
    private StandardOptions() {
    }

    static CommandSpec addTo(CommandSpec spec) {
        spec.versionProvider(new VersionProvider());
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true)
                .description("Show this help message and exit.").build());
        spec.addOption(OptionSpec.builder("-V", "--version").versionHelp(true)
                .description("Print version information and exit.").build());
        return spec;
    }
}
