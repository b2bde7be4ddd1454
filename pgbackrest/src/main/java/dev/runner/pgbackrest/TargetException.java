package dev.runner.pgbackrest;

/** A recovery target the user has to correct (bad syntax, or outside the recoverable window). */
public class TargetException extends RuntimeException {
    public TargetException(String message) {
        super(message);
    }
}
