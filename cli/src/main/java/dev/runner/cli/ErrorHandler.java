package dev.runner.cli;

import dev.runner.expr.ExpressionException;
import dev.runner.load.LoadException;
import dev.runner.load.Problem;
import dev.runner.model.Secrets;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * Turns exceptions escaping a command into a message and an exit code. Input problems exit 2 and print
 * {@code file:line:col: message} lines; anything else prints {@code runner: message} and exits 1. Stack
 * traces only with {@code RUNNER_DEBUG=1}. Every message goes through the run's {@link Secrets}.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
    private final Secrets secrets;
    private final boolean debug;

    ErrorHandler(Secrets secrets, boolean debug) {
        this.secrets = secrets;
        this.debug = debug;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
        return handle(ex, cl.getErr());
    }

    int handle(Throwable ex, PrintWriter err) {
        int code;
        if (ex instanceof LoadException le) {
            printProblems(le, err, secrets);
            code = ExitCode.INVALID;
        } else if (ex instanceof UserError || ex instanceof ExpressionException) {
            err.println("runner: " + secrets.mask(ex.getMessage()));
            code = ExitCode.INVALID;
        } else if (ex instanceof java.io.IOException io) {
            // state that cannot be read or written: the message names the file and the reason, nothing internal
            err.println("runner: " + secrets.mask(describe(io)));
            code = ExitCode.STEP_FAILED;
        } else {
            String what = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
            err.println("runner: " + secrets.mask(what)
                    + (debug ? "" : " (internal error; set RUNNER_DEBUG=1 for details)"));
            code = ExitCode.STEP_FAILED;
        }
        if (debug) {
            StringWriter trace = new StringWriter();
            ex.printStackTrace(new PrintWriter(trace));
            err.print(secrets.mask(trace.toString()));
        }
        err.flush();
        return code;
    }

    /** The JDK words some file errors as the bare path; say what happened to it. */
    private static String describe(java.io.IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file: " + e.getMessage();
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied: " + e.getMessage();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    static void printProblems(LoadException e, PrintWriter err, Secrets secrets) {
        for (Problem p : e.problems()) {
            err.println(secrets.mask(p.toString()));
        }
        err.flush();
    }
}
