package dev.runner.cli;

import dev.runner.load.LoadException;
import dev.runner.plan.Graph;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "graph", mixinStandardHelpOptions = true,
        description = {"Print the step graph as Mermaid or Graphviz DOT.",
                "Edges are `needs`; steps of a composite are drawn in a box named after it."},
        footer = {"", "Examples:  runner graph workflows/recovery.yaml > recovery.mmd",
                "           runner graph workflows/recovery.yaml --format dot | dot -Tsvg > recovery.svg",
                "", "Exit codes: 0 printed, 2 invalid workflow."})
final class GraphCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "Workflow file.")
    Path file;

    @Option(names = {"-f", "--format"}, paramLabel = "mermaid|dot", defaultValue = "mermaid",
            description = "mermaid (default) or dot.")
    Graph.Format format;

    @Override
    public Integer call() throws LoadException {
        spec.commandLine().getOut().print(Graph.render(main.load(file), format));
        spec.commandLine().getOut().flush();
        return ExitCode.OK;
    }
}
