package dev.runner.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Registered in test resources: proves a jar can add a subcommand that reaches Main's services. */
public final class TestPlugin implements CommandPlugin {
    @Override
    public List<Object> commands() {
        return List.of(new Hello());
    }

    @Command(name = "plugin-hello", description = "Test plugin command.")
    static final class Hello implements Callable<Integer> {
        @ParentCommand
        Main main;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine().getOut().println("hello from a plugin; step types: " + main.registry().names());
            return 0;
        }
    }
}
