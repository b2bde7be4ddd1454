package dev.runner.step;

/** A step's channel to the user. Lines are prefixed with the step id and masked by the engine. */
public interface StepLog {
    void info(String message);

    void warn(String message);

    /** Shown on the live progress line when stdout is a terminal; a plain line otherwise at most every few seconds. */
    void progress(String message);
}
