package dev.runner.local.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ctrl-C of a real `runner demo` process exits 3 ("interrupted"), like every command (#19 item 9). */
class DemoInterruptTest {
    @TempDir
    Path tmp;

    @Test
    void ctrlCOfTheDemoExits3AndKeepsTheWorkDir() throws Exception {
        Path out = tmp.resolve("out.txt");
        Path work = tmp.resolve("work");
        Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.runner.cli.Main", "demo", "--work-dir",
                work.toString()))
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!(Files.exists(out) && Files.readString(out).contains("==> start"))) {
                assertTrue(p.isAlive() && System.nanoTime() < end, "the demo did not start: " + Files.readString(out));
                Thread.sleep(20);
            }
            new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the demo did not stop");
            String text = Files.readString(out);
            assertEquals(3, p.exitValue(), text);
            assertTrue(text.contains("demo interrupted by SIGINT") && text.contains(work.toString()), text);
        } finally {
            p.destroyForcibly();
        }
    }
}
