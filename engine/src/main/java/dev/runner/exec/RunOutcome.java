package dev.runner.exec;

/** How a run (or one invocation of resume) ended, with the process exit code of DESIGN §4. */
public enum RunOutcome {
    SUCCEEDED(0), FAILED(1), INVALID(2), INTERRUPTED(3), LOCKED(4);

    private final int exitCode;

    RunOutcome(int exitCode) {
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
