package dev.runner.local.demo;

import dev.runner.cli.Main;
import dev.runner.local.PodRuntime;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code runner demo}: see {@link Demo}. */
@Command(name = "demo", mixinStandardHelpOptions = true, description = "Backup and point-in-time recovery end to end"
        + " on this machine: two local Kubernetes clusters (old, new) whose API servers are simulated and whose pods"
        + " run as podman containers from images built here from k8s/image (as root; --processes runs them as host"
        + " processes with this machine's PostgreSQL and pgBackRest), and a local S3-compatible store. Runs"
        + " configure-backup on old, writes rows, records a point in time, writes rows that must not come back,"
        + " recovers new to that point, runs post-recovery and stop-backup, and prints a summary. kubectl"
        + " --kubeconfig <the printed path> works against both clusters while it runs.")
public final class DemoCommand implements Callable<Integer> {
    private static final int INTERRUPTED = dev.runner.exec.RunOutcome.INTERRUPTED.exitCode();

    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Option(names = "--keep", description = "Leave the clusters and the store up after the demo (Ctrl-C stops them).")
    boolean keep;

    @Option(names = "--cluster-only",
            description = "Only start the clusters, the store and the starting state; run workflows yourself.")
    boolean clusterOnly;

    @Option(names = "--processes", description = "Run the pods as host processes (this machine's PostgreSQL and"
            + " pgBackRest) instead of podman containers, e.g. without root.")
    boolean processes;

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "Where cluster volumes, pod logs and the store live (default: a new temporary dir).")
    Path workDir;

    @Override
    public Integer call() throws Exception {
        PrintWriter writer = spec.commandLine().getOut();
        PrintStream out = new PrintStream(new WriterStream(writer), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new WriterStream(spec.commandLine().getErr()), true,
                StandardCharsets.UTF_8);
        PodRuntime runtime = processes ? PodRuntime.PROCESSES : PodRuntime.CONTAINERS;
        String unusable = Prereqs.unusable(runtime);
        if (unusable != null) {
            err.println("runner demo: " + unusable);
            return 1;
        }
        boolean temporary = workDir == null;
        Path dir = temporary ? Files.createTempDirectory("runner-demo-") : workDir.toAbsolutePath();
        if (temporary) {
            // pod processes run as the postgres user, which must be able to reach below it
            Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Demo demo = new Demo(new Demo.Options(dir, keep, clusterOnly, runtime), out,
                (args, env) -> Main.run(args.toArray(String[]::new), out, err, env));
        Runnable restoreSignals = onSignal(demo, err, dir);
        int code;
        try {
            code = demo.run();
        } catch (Demo.Failure e) {
            err.println("demo " + (e.exitCode() == INTERRUPTED ? "interrupted: " : "failed: ") + e.getMessage());
            code = e.exitCode();
        } catch (IllegalStateException e) {
            err.println("demo failed: " + e.getMessage());
            code = 1;
        } finally {
            restoreSignals.run();
        }
        if (code == 0 && temporary) { // with --keep/--cluster-only: stopped by Ctrl-C after its work was done
            deleteTree(dir);
        } else {
            out.println("work dir (volumes, pod logs, store): " + dir);
        }
        out.flush();
        return code;
    }

    /**
     * Ctrl-C or SIGTERM while the demo works (a workflow run inside it handles its own first signal and then
     * puts this handler back): exit 3, "interrupted", like every command; the demo's shutdown hook stops the
     * clusters and the store on the way out, and the work dir with the runs' state stays. After its work
     * (--keep, --cluster-only stay up until then) the signal is the normal end: the demo stops, exits 0 and a
     * temporary work dir goes.
     */
    private static Runnable onSignal(Demo demo, PrintStream err, Path dir) {
        java.util.Map<sun.misc.Signal, sun.misc.SignalHandler> previous = new java.util.HashMap<>();
        for (String name : java.util.List.of("INT", "TERM")) {
            try {
                sun.misc.Signal sig = new sun.misc.Signal(name);
                previous.put(sig, sun.misc.Signal.handle(sig, s -> {
                    if (demo.stopIfFinished()) {
                        err.println("demo stopped by SIG" + s.getName() + "; stopping the clusters and the store.");
                        return;
                    }
                    err.println("demo interrupted by SIG" + s.getName() + "; stopping the clusters and the store."
                            + " work dir (volumes, pod logs, store, run state): " + dir);
                    System.exit(INTERRUPTED);
                }));
            } catch (IllegalArgumentException e) {
                // signal not available here: keep the default
            }
        }
        return () -> previous.forEach(sun.misc.Signal::handle);
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary dir is harmless
        }
    }

    /** Bytes to a PrintWriter (UTF-8), so in-process runs print to the same place as this command. */
    private static final class WriterStream extends OutputStream {
        private final PrintWriter writer;
        private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();

        WriterStream(PrintWriter writer) {
            this.writer = writer;
        }

        @Override
        public synchronized void write(int b) {
            line.write(b);
            if (b == '\n') {
                flush();
            }
        }

        @Override
        public synchronized void flush() {
            writer.write(line.toString(StandardCharsets.UTF_8));
            writer.flush();
            line.reset();
        }
    }
}
