package dev.runner.cli;

import dev.runner.exec.Cancellation;
import dev.runner.exec.ExecOptions;
import dev.runner.exec.Executor;
import dev.runner.exec.ExprInputs;
import dev.runner.exec.Interrupts;
import dev.runner.exec.JsonProgress;
import dev.runner.exec.Progress;
import dev.runner.exec.RunListener;
import dev.runner.exec.RunOutcome;
import dev.runner.exec.RunSession;
import dev.runner.model.Workflow;
import dev.runner.state.LockedException;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;

/** What run and resume share: open the session (locks), wire progress and signals, execute, map the exit code. */
final class RunDriver {
    interface SessionOpener {
        RunSession open() throws IOException, LockedException, RunSession.Refused;
    }

    private RunDriver() {
    }

    static int execute(Main main, CommandSpec spec, Workflow wf, Map<String, String> params,
                       Map<String, String> settings, RunOptions options, SessionOpener opener) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ExecOptions exec = options.exec(wf);
        RunListener listener = options.output == RunOptions.Output.JSON
                ? new JsonProgress(out, main.secrets())
                : new Progress(wf, out, main.secrets(), System.console() != null && !"dumb".equals(main.env().get("TERM")));
        try (RunSession session = open(opener)) {
            Cancellation cancellation = new Cancellation();
            try (Interrupts ignored = Interrupts.install(cancellation, m -> {
                err.println("runner: " + m);
                err.flush();
            })) {
                RunOutcome outcome = new Executor(wf, main.registry(), new ExprInputs(params, main.env()), settings,
                        main.secrets(), listener, session.store(), cancellation, exec).execute();
                return outcome.exitCode();
            } finally {
                if (listener instanceof Progress p) {
                    p.close();
                }
            }
        } catch (LockedException e) {
            err.println("runner: " + main.secrets().mask(e.getMessage()));
            return ExitCode.LOCKED;
        } catch (RunSession.Refused e) {
            err.println("runner: " + main.secrets().mask(e.getMessage()));
            return ExitCode.INVALID;
        } catch (IOException e) {
            err.println("runner: cannot write the run's state: " + main.secrets().mask(e.getMessage()));
            return ExitCode.STEP_FAILED;
        } catch (UnusableStateDir e) {
            err.println("runner: cannot use the run state: " + main.secrets().mask(e.getCause().getMessage()));
            return ExitCode.INVALID;
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** Opening fails on the state the user chose (a directory or namespace that cannot be written or read): exit 2. */
    private static RunSession open(SessionOpener opener) throws UnusableStateDir, LockedException, RunSession.Refused {
        try {
            return opener.open();
        } catch (IOException e) {
            throw new UnusableStateDir(e);
        }
    }

    private static final class UnusableStateDir extends Exception {
        UnusableStateDir(IOException cause) {
            super(cause);
        }
    }

    static java.util.function.Consumer<String> warner(Main main, CommandSpec spec) {
        return w -> {
            spec.commandLine().getErr().println("runner: warning: " + main.secrets().mask(w));
            spec.commandLine().getErr().flush();
        };
    }
}
