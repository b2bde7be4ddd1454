package dev.runner.step;

/**
 * A step's inputs are wrong (a malformed value, a missing field, a target that cannot exist): no attempt can
 * succeed until the user changes them, and the step has changed nothing. {@code runner plan} reports it as
 * invalid input (exit code 2) rather than as a step that could not be planned.
 */
public class InvalidInputException extends StepException {
    public InvalidInputException(String message) {
        super(message, false);
    }
}
