package dev.runner.crash;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Launches the real CLI as a separate JVM (the test classpath), so it can be killed like a real process. */
final class Runner {
    final Path dir;
    final Path stateDir;

    Runner(Path dir) {
        this.dir = dir;
        this.stateDir = dir.resolve("state");
    }

    Process start(String faultKillAfter, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(Jvm.command());
        if (faultKillAfter != null) {
            cmd.add("-Drunner.fault.killAfter=" + faultKillAfter);
        }
        cmd.add("dev.runner.cli.Main");
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("--state-dir", stateDir.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().put("RUNNER_TEST_TOKEN", "tok-crash-77");
        pb.redirectOutput(dir.resolve("out-" + System.nanoTime() + ".txt").toFile());
        pb.redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("err.txt").toFile()));
        return pb.start();
    }

    static int await(Process p) throws InterruptedException {
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            killAll(p);
            throw new AssertionError("runner did not finish in 90 s");
        }
        return p.exitValue();
    }

    /** kill -9 of the runner and of every process below it, as when the machine or container dies. */
    static void killAll(Process p) throws InterruptedException {
        List<ProcessHandle> kids = p.descendants().toList();
        p.destroyForcibly();
        kids.forEach(ProcessHandle::destroyForcibly);
        p.waitFor(10, TimeUnit.SECONDS);
        for (ProcessHandle k : kids) {
            k.onExit().orTimeout(5, TimeUnit.SECONDS).exceptionally(x -> k).join();
        }
    }

    static List<String> lines(Path f) throws IOException {
        return Files.exists(f) ? Files.readAllLines(f) : List.of();
    }

    /** Polls until {@code f} has a line equal to {@code line} at least {@code times} times. */
    static void waitForLine(Process p, Path f, String line, long times) throws Exception {
        // generous: on a machine shared by many builds a runner JVM alone can take 20 s to start
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (lines(f).stream().filter(line::equals).count() < times) {
            if (!p.isAlive()) {
                throw new AssertionError("runner exited (" + p.exitValue() + ") before " + f.getFileName()
                        + " had " + line + " x" + times);
            }
            if (System.nanoTime() > end) {
                killAll(p); // a failed test must not leave the runner and its steps behind
                throw new AssertionError("timed out waiting for " + line + " in " + f);
            }
            Thread.sleep(10);
        }
    }

    String allOutput() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (File f : dir.toFile().listFiles((d, n) -> n.startsWith("out-") || n.equals("err.txt"))) {
            sb.append(Files.readString(f.toPath()));
        }
        return sb.toString();
    }
}
