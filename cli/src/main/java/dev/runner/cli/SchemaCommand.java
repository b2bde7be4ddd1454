package dev.runner.cli;

import dev.runner.load.SchemaComposer;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "schema", mixinStandardHelpOptions = true,
        description = {"Print the JSON Schema of workflow files.",
                "Draft 2020-12, with the `with` schema of every step type on the classpath. Point an",
                "editor at it (or at schema/workflow.schema.json) to get completion and validation."},
        footer = {"", "Example:  runner schema > workflow.schema.json", "", "Exit codes: 0."})
final class SchemaCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        String schema = SchemaComposer.combinedSchema(main.registry()).toString();
        spec.commandLine().getOut().println(schema.strip());
        spec.commandLine().getOut().flush();
        return ExitCode.OK;
    }
}
