package dev.runner.cli;

/** A mistake in what the user asked for; printed as {@code runner: message}, exit code 2, no stack trace. */
public class UserError extends RuntimeException {
    public UserError(String message) {
        super(message, null, false, false);
    }
}
