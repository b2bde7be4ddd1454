package dev.runner.step.builtin;

import dev.runner.step.Args;
import dev.runner.step.StepContext;
import dev.runner.step.StepException;
import dev.runner.step.StepOutputs;
import dev.runner.step.StepPlan;
import dev.runner.step.StepResult;
import dev.runner.step.StepSchemas;
import dev.runner.step.StepType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code with.run} with {@code /bin/sh} in its own session, streaming its output to the step log.
 * Outputs {@code exitCode} and {@code stdout} (trimmed, at most {@value #MAX_STDOUT} characters).
 *
 * <p>The script goes to sh in a private file (mode 0600, removed when the step ends), not as {@code -c}
 * argument: argv is readable by every local user ({@code ps}, /proc/PID/cmdline) and the script may hold
 * interpolated secrets. Not on stdin either, which the script's own commands may read.
 */
public final class ShellStep implements StepType {
    static final int MAX_STDOUT = 1 << 20;
    private static final int STDERR_TAIL = 10;
    private static final long POLL_MILLIS = 100;

    @Override
    public String name() {
        return "shell";
    }

    @Override
    public String description() {
        return "Run a command with /bin/sh on this machine";
    }

    @Override
    public String withSchema() {
        return StepSchemas.resource(ShellStep.class, "shell.schema.json");
    }

    @Override
    public StepOutputs outputs() {
        return StepOutputs.of("exitCode", "stdout");
    }

    @Override
    public StepPlan plan(StepContext ctx) throws StepException {
        Args args = Args.of(ctx);
        List<String> details = new ArrayList<>();
        args.string("run").lines().forEach(l -> details.add("$ " + l));
        args.optString("workdir").ifPresent(w -> details.add("in " + workdir(ctx, w)));
        args.stringMap("env").forEach((k, v) -> details.add("env " + k + "=" + v));
        return StepPlan.of("run a shell command", details);
    }

    @Override
    public StepResult run(StepContext ctx) throws StepException, InterruptedException {
        Args args = Args.of(ctx);
        Path script = PrivateFile.write("runner-" + ctx.stepId() + "-", ".sh", args.string("run"));
        try {
            return run(ctx, args, script);
        } finally {
            PrivateFile.delete(script);
        }
    }

    private StepResult run(StepContext ctx, Args args, Path script) throws StepException, InterruptedException {
        Process process = start(ctx, args, script);
        StreamPump out = new StreamPump(ctx.stepId() + "-stdout", process.getInputStream(), ctx.log()::info,
                MAX_STDOUT, 0);
        StreamPump err = new StreamPump(ctx.stepId() + "-stderr", process.getErrorStream(), ctx.log()::warn,
                0, STDERR_TAIL);
        int code;
        try {
            if (ProcessTree.leadsItsGroup()) {
                ctx.processStarted(process.pid()); // the session leader: its pid is the group's id
            }
            code = await(process, ctx);
        } catch (InterruptedException | StepException | RuntimeException e) {
            ProcessTree.destroy(process);
            throw e;
        }
        out.finish(1000);
        err.finish(1000);
        if (code != 0) {
            List<String> tail = err.tail();
            throw new StepException("command exited with code " + code
                    + (tail.isEmpty() ? "" : ":\n  " + String.join("\n  ", tail)));
        }
        if (out.truncated()) {
            ctx.log().warn("stdout is longer than " + MAX_STDOUT + " characters; the output keeps the start");
        }
        Map<String, String> outputs = new LinkedHashMap<>();
        outputs.put("exitCode", Integer.toString(code));
        outputs.put("stdout", out.text().trim());
        return StepResult.of(outputs, "exit code 0");
    }

    private static Process start(StepContext ctx, Args args, Path script) throws StepException {
        ProcessBuilder pb = new ProcessBuilder(ProcessTree.inOwnSession(List.of("/bin/sh", script.toString())));
        pb.environment().putAll(args.stringMap("env"));
        Path dir = args.optString("workdir").map(w -> workdir(ctx, w)).orElse(ctx.baseDir());
        if (!Files.isDirectory(dir)) {
            throw new StepException("working directory " + dir + " does not exist", false);
        }
        pb.directory(dir.toFile());
        // stdin stays a pipe from this JVM: the watchdog around the script ends the step when it closes
        try {
            return pb.start();
        } catch (IOException e) {
            throw new StepException("cannot start /bin/sh: " + e.getMessage(), false, e);
        }
    }

    /** Waits for the exit, polling so that cancellation and the step timeout are noticed promptly. */
    private static int await(Process process, StepContext ctx) throws StepException, InterruptedException {
        long started = System.nanoTime();
        while (!process.waitFor(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
            if (ctx.cancelled()) {
                throw new InterruptedException("step " + ctx.stepId() + " cancelled");
            }
            Duration timeout = ctx.timeout().orElse(null);
            if (timeout != null && System.nanoTime() - started > timeout.toNanos()) {
                throw new StepException("command timed out after " + timeout.toString().substring(2).toLowerCase());
            }
        }
        return process.exitValue();
    }

    private static Path workdir(StepContext ctx, String w) {
        return ctx.baseDir().resolve(w).normalize();
    }
}
