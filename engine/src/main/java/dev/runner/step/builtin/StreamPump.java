package dev.runner.step.builtin;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/**
 * Drains a child's output stream line by line on its own thread: each line goes to {@code sink}; the
 * text is kept up to {@code maxChars} and the last {@code tailLines} lines are kept for error messages.
 */
final class StreamPump {
    private final Thread thread;
    private final StringBuilder text = new StringBuilder();
    private final Deque<String> tail = new ArrayDeque<>();
    private final int maxChars;
    private final int tailLines;
    private boolean truncated;

    StreamPump(String name, InputStream in, Consumer<String> sink, int maxChars, int tailLines) {
        this.maxChars = maxChars;
        this.tailLines = tailLines;
        this.thread = new Thread(() -> pump(in, sink), name);
        thread.setDaemon(true);
        thread.start();
    }

    private void pump(InputStream in, Consumer<String> sink) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                keep(line);
                sink.accept(line);
            }
        } catch (IOException streamClosedByKill) {
            // the process was destroyed; what was read so far is kept
        }
    }

    private synchronized void keep(String line) {
        if (text.length() + line.length() + 1 <= maxChars) {
            text.append(line).append('\n');
        } else {
            truncated = true;
        }
        tail.addLast(line);
        if (tail.size() > tailLines) {
            tail.removeFirst();
        }
    }

    /** Waits (bounded) until the stream is fully read; grandchildren holding the pipe open are not waited for. */
    void finish(long millis) throws InterruptedException {
        thread.join(millis);
    }

    synchronized String text() {
        return text.toString();
    }

    synchronized boolean truncated() {
        return truncated;
    }

    synchronized List<String> tail() {
        return List.copyOf(tail);
    }
}
