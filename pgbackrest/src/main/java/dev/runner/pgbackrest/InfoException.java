package dev.runner.pgbackrest;

/** pgBackRest's or PostgreSQL's answer could not be understood, or says the repository is unusable. */
public class InfoException extends RuntimeException {
    public InfoException(String message) {
        super(message);
    }
}
