package dev.runner.step;

/**
 * A step failed for a reason the user can act on. The message is shown as is (masked), without a stack
 * trace. {@code retryable} tells the executor whether another attempt may succeed.
 */
public class StepException extends Exception {
    private final boolean retryable;

    public StepException(String message) {
        this(message, true, null);
    }

    public StepException(String message, boolean retryable) {
        this(message, retryable, null);
    }

    public StepException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
