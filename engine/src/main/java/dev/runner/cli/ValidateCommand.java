package dev.runner.cli;

import dev.runner.load.LoadException;
import dev.runner.model.Workflow;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Check workflow files without running anything.",
                "Checks YAML, schema, step types, references and the step graph; every problem is printed",
                "as FILE:LINE:COL: message. Nothing is contacted or changed."},
        footer = {"", "Example:  runner validate workflows/*.yaml", "",
                "Exit codes: 0 all files are valid, 2 a file has problems."})
final class ValidateCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Workflow files.")
    List<Path> files;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int code = ExitCode.OK;
        for (Path file : files) {
            try {
                Workflow wf = main.load(file);
                out.println(file + ": valid (" + wf.steps().size() + (wf.steps().size() == 1 ? " step)" : " steps)"));
            } catch (LoadException e) {
                ErrorHandler.printProblems(e, err, main.secrets());
                code = ExitCode.INVALID;
            }
        }
        out.flush();
        return code;
    }
}
