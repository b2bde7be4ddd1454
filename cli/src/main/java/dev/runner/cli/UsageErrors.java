package dev.runner.cli;

import dev.runner.load.Suggest;
import dev.runner.model.Secrets;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Usage errors (unknown command or option, a value in the wrong form): one {@code runner: message} line like every
 * other error, then where to read the usage, and exit 2 — instead of picocli's message followed by the whole usage.
 */
final class UsageErrors implements CommandLine.IParameterExceptionHandler {
    private final Secrets secrets;

    UsageErrors(Secrets secrets) {
        this.secrets = secrets;
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println("runner: " + secrets.mask(message(ex, cl)));
        err.println("see '" + cl.getCommandSpec().qualifiedName() + " --help'");
        err.flush();
        return ExitCode.INVALID;
    }

    private static String message(ParameterException ex, CommandLine cl) {
        if (ex instanceof UnmatchedArgumentException u && cl.getParent() == null && !u.getUnmatched().isEmpty()
                && !u.getUnmatched().get(0).startsWith("-")) {
            String name = u.getUnmatched().get(0);
            return "unknown command '" + name + "'" + Suggest.didYouMean(name, cl.getSubcommands().keySet());
        }
        // picocli words some messages "Value for option option '--param' (KEY=VALUE) …"
        return ex.getMessage().replace("option option '", "option '");
    }
}
