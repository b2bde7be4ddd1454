import dev.runner.exec.Cancellation;
import dev.runner.exec.ExecOptions;
import dev.runner.exec.Executor;
import dev.runner.exec.ExprInputs;
import dev.runner.exec.RunListener;
import dev.runner.exec.RunOutcome;
import dev.runner.exec.RunSession;
import dev.runner.model.Secrets;
import dev.runner.model.SourcePos;
import dev.runner.model.Step;
import dev.runner.model.Workflow;
import dev.runner.state.StateDir;
import dev.runner.step.StepRegistry;
import dev.runner.step.builtin.LogStep;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * bench/journal.sh: N `log` steps run by the real executor with durable state, against a bare loop that
 * appends + fsyncs the very same journal lines (same count, same sizes) to a file. Also bytes written for
 * 1,000 and 10,000 steps.
 */
public class JournalBench {
    public static void main(String[] args) throws Exception {
        Path root = Files.createTempDirectory("runner-bench");
        int n = 1000;
        run(root.resolve("warmup"), 500);
        long best = Long.MAX_VALUE, bestBare = Long.MAX_VALUE, bestPerStep = Long.MAX_VALUE;
        Result small = null;
        long bestCpu = Long.MAX_VALUE;
        List<Double> ratiosSame = new ArrayList<>();
        List<Double> ratios1k = new ArrayList<>();
        for (int round = 0; round < 5; round++) {
            Path dir = root.resolve("r" + round);
            long t0 = System.nanoTime();
            long c0 = cpu();
            Result r = run(dir, n);
            long engine = System.nanoTime() - t0;
            bestCpu = Math.min(bestCpu, cpu() - c0);
            small = r;
            List<byte[]> lines = lines(r.journal);
            long bare = bare(root.resolve("bare" + round), lines);
            long perStep = bare(root.resolve("bare1k" + round), lines.subList(0, Math.min(n, lines.size())));
            ratiosSame.add((double) engine / bare);
            ratios1k.add((double) engine / perStep);
            best = Math.min(best, engine);
            bestBare = Math.min(bestBare, bare);
            bestPerStep = Math.min(bestPerStep, perStep);
            if (round == 0) {
                System.out.printf("journal events for %d steps: %d (step-started + step-finished each, plus run events)%n",
                        n, lines.size());
            }
        }
        System.out.printf("engine, %d log steps, durable state:   %7.1f ms%n", n, best / 1e6);
        System.out.printf("bare loop, same %d events append+fsync: %7.1f ms%n", lines(root.resolve("r0")
                .resolve("runs")).size(), bestBare / 1e6);
        System.out.printf("bare loop, %d appends+fsync:            %7.1f ms%n", n, bestPerStep / 1e6);
        System.out.printf("ratio engine / bare, same 2002 events:  median %.2fx of 5 paired rounds %s%n",
                median(ratiosSame), fmt(ratiosSame));
        System.out.printf("ratio engine / bare, 1000 appends:      median %.2fx of 5 paired rounds %s  (target <= 1.5x)%n",
                median(ratios1k), fmt(ratios1k));
        System.out.printf("engine CPU time (all threads of this JVM):  %7.1f ms = %.0f us/step%n", bestCpu / 1e6,
                bestCpu / 1e3 / n);
        Result big = run(root.resolve("big"), 10 * n);
        long j1 = Files.size(small.journal), j10 = Files.size(big.journal);
        System.out.printf("bytes written, %5d steps: %9d (journal %9d + snapshots %9d) = %d bytes/step%n", n,
                small.bytes, j1, small.bytes - j1, small.bytes / n);
        System.out.printf("bytes written, %5d steps: %9d (journal %9d + snapshots %9d) = %d bytes/step%n", 10 * n,
                big.bytes, j10, big.bytes - j10, big.bytes / (10 * n));
        System.out.printf("10x steps -> %.2fx bytes (linear = 10; snapshots add between 0 and ~1.3x the journal,"
                + " depending on where the last periodic snapshot fell)%n", (double) big.bytes / small.bytes);
    }

    static double median(List<Double> l) {
        List<Double> c = new ArrayList<>(l);
        java.util.Collections.sort(c);
        return c.get(c.size() / 2);
    }

    static String fmt(List<Double> l) {
        return l.stream().map(d -> String.format("%.2f", d)).toList().toString();
    }

    static long cpu() {
        var mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (long id : mx.getAllThreadIds()) {
            sum += Math.max(0, mx.getThreadCpuTime(id));
        }
        return sum;
    }

    record Result(long bytes, Path journal) {
    }

    static Result run(Path stateRoot, int steps) throws Exception {
        List<Step> list = new ArrayList<>();
        for (int i = 0; i < steps; i++) {
            list.add(new Step("step-" + i, "log", i == 0 ? List.of() : List.of("step-" + (i - 1)), Optional.empty(),
                    Map.of("message", "hello from step " + i), Optional.empty(), Optional.empty(), false,
                    Optional.empty(), Optional.empty(), new SourcePos(Path.of("bench.yaml"), 1, 1)));
        }
        Workflow wf = new Workflow(Path.of("bench.yaml"), "bench", "", Map.of(), Optional.empty(), Optional.empty(),
                Optional.empty(), list);
        Secrets secrets = new Secrets();
        StateDir dir = new StateDir(stateRoot);
        try (RunSession s = RunSession.start(dir, wf, new RunSession.Params(Map.of(), java.util.Set.of()), Map.of(),
                secrets, w -> { })) {
            RunOutcome o = new Executor(wf, StepRegistry.of(new LogStep()), new ExprInputs(Map.of(), Map.of()), Map.of(),
                    secrets, new RunListener() { }, s.store(), new Cancellation(), ExecOptions.DEFAULT).execute();
            if (o != RunOutcome.SUCCEEDED) {
                throw new IllegalStateException("bench run " + o);
            }
            s.close();
            return new Result(s.store().bytesWritten(), dir.runDir(s.runId()).resolve("journal.jsonl"));
        }
    }

    static List<byte[]> lines(Path journalOrDir) throws Exception {
        Path j = journalOrDir;
        if (Files.isDirectory(j)) {
            try (var s = Files.list(j)) {
                j = s.findFirst().orElseThrow().resolve("journal.jsonl");
            }
        }
        List<byte[]> out = new ArrayList<>();
        for (String l : Files.readAllLines(j)) {
            out.add((l + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }

    static long bare(Path file, List<byte[]> lines) throws Exception {
        long t0 = System.nanoTime();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            for (byte[] l : lines) {
                ch.write(ByteBuffer.wrap(l));
                ch.force(false);
            }
        }
        return System.nanoTime() - t0;
    }
}
