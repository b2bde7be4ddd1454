package dev.runner.local.demo;

import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Runs the demo's phases one after the other, announcing each and keeping its wall time. */
final class Phases {
    interface Body {
        void run() throws Exception;
    }

    private final PrintStream out;
    private final Map<String, Duration> times = new LinkedHashMap<>();

    Phases(PrintStream out) {
        this.out = out;
    }

    void run(String name, Body body) throws Exception {
        out.println("==> " + name);
        long start = System.nanoTime();
        try {
            body.run();
        } finally {
            Duration d = Duration.ofNanos(System.nanoTime() - start);
            times.put(name, d);
            out.printf("    %s: %.1f s%n", name, d.toMillis() / 1000.0);
        }
    }

    Map<String, Duration> times() {
        return times;
    }
}
