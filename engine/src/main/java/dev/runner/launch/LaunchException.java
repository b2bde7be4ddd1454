package dev.runner.launch;

/** A run that could not be started in, or followed from, the cluster; the message is for the user. */
public class LaunchException extends Exception {
    public LaunchException(String message) {
        super(message);
    }

    public LaunchException(String message, Throwable cause) {
        super(message, cause);
    }
}
