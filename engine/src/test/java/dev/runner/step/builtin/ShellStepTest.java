package dev.runner.step.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.model.Secrets;
import dev.runner.step.BasicStepContext;
import dev.runner.step.RecordingLog;
import dev.runner.step.Services;
import dev.runner.step.StepException;
import dev.runner.step.StepPlan;
import dev.runner.step.StepResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShellStepTest {
    @TempDir
    Path dir;
    final RecordingLog log = new RecordingLog();
    final AtomicBoolean cancelled = new AtomicBoolean();
    final ShellStep shell = new ShellStep();

    BasicStepContext ctx(Map<String, Object> with, Optional<Duration> timeout) {
        return new BasicStepContext("sh", with, dir, Map.of(), timeout, cancelled::get, log, new Secrets(),
                new Services());
    }

    @Test
    void outputsAreStdoutAndExitCodeAndLinesAreStreamed() throws Exception {
        StepResult r = shell.run(ctx(Map.of("run", "echo hello; echo world; echo  "), Optional.empty()));
        assertEquals("hello\nworld", r.outputs().get("stdout"));
        assertEquals("0", r.outputs().get("exitCode"));
        assertTrue(log.lines.containsAll(List.of("info hello", "info world")), log.lines.toString());
    }

    @Test
    void envAndWorkdirApply() throws Exception {
        Files.createDirectory(dir.resolve("sub"));
        StepResult r = shell.run(ctx(Map.of("run", "echo \"$FOO\"; pwd", "env", Map.of("FOO", "bar baz"),
                "workdir", "sub"), Optional.empty()));
        assertEquals("bar baz\n" + dir.resolve("sub").toRealPath(), r.outputs().get("stdout"));
    }

    @Test
    void nonZeroExitFailsWithTheLastLinesOfStderr() {
        StepException e = assertThrows(StepException.class, () -> shell.run(ctx(Map.of("run",
                "for i in 1 2 3 4 5 6 7 8 9 10 11 12; do echo line$i >&2; done; exit 3"), Optional.empty())));
        assertTrue(e.getMessage().startsWith("command exited with code 3:"), e.getMessage());
        assertTrue(e.getMessage().contains("line12"), e.getMessage());
        assertFalse(e.getMessage().contains("line1\n"), "only the tail is kept: " + e.getMessage());
        assertTrue(log.lines.contains("warn line1"));
    }

    @Test
    void missingWorkdirIsAStepError() {
        StepException e = assertThrows(StepException.class,
                () -> shell.run(ctx(Map.of("run", "true", "workdir", "nope"), Optional.empty())));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void timeoutStopsTheCommand() {
        long t0 = System.nanoTime();
        StepException e = assertThrows(StepException.class,
                () -> shell.run(ctx(Map.of("run", "sleep 30"), Optional.of(Duration.ofMillis(300)))));
        assertTrue(e.getMessage().contains("timed out after 0.3s"), e.getMessage());
        assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(10).toNanos());
    }

    @Test
    void cancelKillsTheWholeProcessGroup() throws Exception {
        Path pidFile = dir.resolve("pid");
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread runner = new Thread(() -> {
            try {
                shell.run(ctx(Map.of("run", "echo $$ > pid; sleep 1000 & sleep 1000"), Optional.empty()));
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        runner.start();
        List<ProcessHandle> tree = awaitTree(pidFile);
        assertEquals(3, tree.size(), "sh and its two sleeps: " + tree);
        cancelled.set(true);
        runner.join(10_000);
        assertFalse(runner.isAlive());
        assertInstanceOf(InterruptedException.class, thrown.get());
        for (ProcessHandle h : tree) {
            assertFalse(ProcessTree.running(h), "still running: " + h.pid());
        }
    }

    @Test
    void theScriptIsNotOnAnyCommandLineAndItsFileIsPrivateAndRemoved() throws Exception {
        String secret = "pa55-W0rd-on-argv";
        Path pidFile = dir.resolve("pid");
        Thread runner = new Thread(() -> {
            try {
                shell.run(ctx(Map.of("run", "echo $$ > pid; T='" + secret + "'; sleep 1000 & sleep 1000"),
                        Optional.empty()));
            } catch (Throwable ignored) {
                // cancelled below
            }
        });
        runner.start();
        List<ProcessHandle> tree = awaitTree(pidFile);
        List<Path> scripts = new java.util.ArrayList<>();
        for (ProcessHandle h : tree) {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(h.pid()), "cmdline"));
            for (String arg : new String(raw, java.nio.charset.StandardCharsets.UTF_8).split("\0")) {
                assertFalse(arg.contains(secret), "argv of " + h.pid() + ": " + arg);
                if (arg.startsWith("/") && Files.isRegularFile(Path.of(arg)) && arg.contains("runner-")) {
                    scripts.add(Path.of(arg));
                }
            }
        }
        assertEquals(1, scripts.size(), "sh runs a script file: " + scripts);
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(scripts.get(0))));
        cancelled.set(true);
        runner.join(10_000);
        assertFalse(Files.exists(scripts.get(0)), "removed after the step");
    }

    private static List<ProcessHandle> awaitTree(Path pidFile) throws Exception {
        for (int i = 0; i < 100; i++) {
            if (Files.exists(pidFile) && !Files.readString(pidFile).isBlank()) {
                ProcessHandle sh = ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim())).orElseThrow();
                List<ProcessHandle> kids = sh.descendants().toList();
                if (kids.size() == 2) {
                    return java.util.stream.Stream.concat(java.util.stream.Stream.of(sh), kids.stream()).toList();
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the command did not start its children");
    }

    @Test
    void planShowsTheCommandAndChangesNothing() throws Exception {
        StepPlan plan = shell.plan(ctx(Map.of("run", "touch x\necho done", "env", Map.of("A", "1")),
                Optional.empty()));
        assertEquals(List.of("$ touch x", "$ echo done", "env A=1"), plan.details());
        assertTrue(plan.changes());
        assertFalse(Files.exists(dir.resolve("x")));
        assertFalse(shell.idempotent());
    }
}
