package dev.runner.cli;

import dev.runner.load.LoadException;
import dev.runner.model.Plural;
import dev.runner.model.Workflow;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * {@code runner validate}. Its picocli model is built in code rather than from annotations: it is the
 * command whose cold start is benchmarked (bench/validate-coldstart.sh), and annotation reflection was
 * the larger part of picocli's share of it.
 */
final class ValidateCommand implements Callable<Integer> {
    private final Main main;
    private final CommandSpec spec;
    private final PositionalParamSpec files;

    ValidateCommand(Main main) {
        this.main = main;
        files = PositionalParamSpec.builder().arity("1..*").required(true).paramLabel("FILE").type(List.class)
                .auxiliaryTypes(Path.class).description("Workflow files.").build();
        spec = StandardOptions.addTo(CommandSpec.wrapWithoutInspection(this).name("validate")).addPositional(files);
        spec.usageMessage()
                .description("Check workflow files without running anything.",
                        "Checks YAML, schema, step types, references and the step graph; every problem is printed",
                        "as FILE:LINE:COL: message. Nothing is contacted or changed.")
                .footer("", "Example:  runner validate workflows/*.yaml", "",
                        "Exit codes: 0 all files are valid, 2 a file has problems.");
    }

    CommandSpec spec() {
        return spec;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int code = ExitCode.OK;
        List<Path> paths = files.getValue();
        for (Path file : paths) {
            try {
                Workflow wf = main.load(file);
                out.println(file + ": valid (" + Plural.of(wf.steps().size(), "step") + ")");
            } catch (LoadException e) {
                ErrorHandler.printProblems(e, err, main.secrets());
                code = ExitCode.INVALID;
            }
        }
        out.flush();
        return code;
    }
}
