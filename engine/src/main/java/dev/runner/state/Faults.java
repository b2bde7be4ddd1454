package dev.runner.state;

/**
 * Fault injection for the crash tests: with {@code -Drunner.fault.killAfter=TYPE:STEP} (e.g.
 * {@code step-finished:s3}) the process sends itself SIGKILL right after that event is durable, so a test
 * can crash a real runner exactly at a step boundary. Unset (always, outside tests) it costs one null check.
 */
public final class Faults {
    private static final String KILL_AFTER = System.getProperty("runner.fault.killAfter");

    private Faults() {
    }

    public static void afterDurable(Event e) {
        if (KILL_AFTER != null && KILL_AFTER.equals(e.type() + ":" + e.step())) {
            try {
                new ProcessBuilder("kill", "-9", Long.toString(ProcessHandle.current().pid())).start().waitFor();
            } catch (Exception ignored) {
                // fall through to halt
            }
            Runtime.getRuntime().halt(137);
        }
    }
}
