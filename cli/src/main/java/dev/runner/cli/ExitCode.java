package dev.runner.cli;

/** Exit codes of every command (DESIGN §4). */
public final class ExitCode {
    public static final int OK = 0;
    public static final int STEP_FAILED = 1;
    public static final int INVALID = 2;
    public static final int INTERRUPTED = 3;
    public static final int LOCKED = 4;

    private ExitCode() {
    }
}
