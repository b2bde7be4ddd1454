package dev.runner.expr;

/** A {@code ${...}} reference or a {@code when:} condition that cannot be parsed or resolved. */
public class ExpressionException extends RuntimeException {
    public ExpressionException(String message) {
        super(message);
    }

    public ExpressionException(String message, Throwable cause) {
        super(message, cause);
    }
}
