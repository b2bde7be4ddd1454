package dev.runner.state;

import java.io.IOException;

/**
 * One run's durable state while it is being written: events are masked, made durable and folded into the
 * {@link RunState}. {@link RunStore} keeps it in a run directory; a cluster backend keeps it in the API server.
 * Implementations mask every event with {@link StateMasking#forState} before it is stored.
 */
public interface RunStorage extends AutoCloseable {
    /** Masks, stores durably, then folds the event. */
    void append(Event e) throws IOException;

    /**
     * Masks, stores and folds the event; it may become durable only with the next {@link #append} or
     * {@link #flush} (the write-ahead rule makes that happen before the next step acts).
     */
    void appendDeferred(Event e) throws IOException;

    /** Makes deferred events durable. */
    void flush() throws IOException;

    /** The folded state; values are masked as stored. */
    RunState state();

    /** Where the state is kept, for messages (a directory, or a namespace of a cluster). */
    String where();

    @Override
    void close() throws IOException;
}
