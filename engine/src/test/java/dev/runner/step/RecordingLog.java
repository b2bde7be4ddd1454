package dev.runner.step;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A StepLog for tests: keeps every line, prefixed with its level. */
public final class RecordingLog implements StepLog {
    public final List<String> lines = new CopyOnWriteArrayList<>();

    @Override
    public void info(String message) {
        lines.add("info " + message);
    }

    @Override
    public void warn(String message) {
        lines.add("warn " + message);
    }

    @Override
    public void progress(String message) {
        lines.add("progress " + message);
    }
}
