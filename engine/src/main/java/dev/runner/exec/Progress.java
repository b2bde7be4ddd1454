package dev.runner.exec;

import dev.runner.model.Secrets;
import dev.runner.model.Step;
import dev.runner.model.Workflow;
import dev.runner.state.StepStatus;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Human progress: one line per step transition ({@code [ 3/10] ✓ restore (patch-deployment) 2.1s}), step
 * log lines indented under it, and a summary at the end. On a terminal a live line at the bottom shows a
 * spinner, the running steps, their elapsed time and their last progress message. All text is masked.
 */
public final class Progress implements RunListener, AutoCloseable {
    private static final String SPIN = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏";
    private static final long PLAIN_PROGRESS_EVERY_MS = 5000;
    /** Longest step result shown in the summary at the end of a run. */
    private static final int SUMMARY_WIDTH = 120;

    private final PrintWriter out;
    private final Secrets secrets;
    private final boolean live;
    private final Map<String, Integer> index = new HashMap<>();
    private final int width;
    private final Map<String, Long> startedAt = new LinkedHashMap<>();
    private final Map<String, String> lastProgress = new HashMap<>();
    private final Map<String, Long> lastPlainProgress = new HashMap<>();
    private final Map<String, Summary> summary = new LinkedHashMap<>();
    private Thread ticker;
    private int frame;
    private boolean liveShown;

    /** @param result the first line of a succeeded step's summary, else empty */
    private record Summary(StepStatus status, Duration elapsed, String result) {
    }

    public Progress(Workflow wf, PrintWriter out, Secrets secrets, boolean terminal) {
        this.out = out;
        this.secrets = secrets;
        this.live = terminal;
        for (Step s : wf.steps()) {
            index.put(s.id(), index.size() + 1);
        }
        this.width = Integer.toString(wf.steps().size()).length();
    }

    @Override
    public synchronized void runStarted(String runId, String workflowName, int total, int alreadyDone, boolean resumed) {
        line((resumed ? "resuming run " : "run ") + runId + ": " + workflowName + ", " + dev.runner.model.Plural.of(total, "step")
                + (alreadyDone > 0 ? " (" + alreadyDone + " already done)" : ""));
        if (live && ticker == null) {
            ticker = new Thread(this::tick, "progress");
            ticker.setDaemon(true);
            ticker.start();
        }
    }

    @Override
    public synchronized void stepStarted(Step step, int attempt) {
        startedAt.putIfAbsent(step.id(), System.nanoTime());
        line(prefix(step) + "▶ " + name(step) + (attempt > 1 ? " attempt " + attempt : ""));
    }

    @Override
    public synchronized void stepLog(Step step, boolean warning, String message) {
        for (String l : message.split("\n", -1)) {
            line(" ".repeat(width * 2 + 5) + (warning ? "! " : "") + step.id() + ": " + l);
        }
    }

    @Override
    public synchronized void stepProgress(Step step, String message) {
        lastProgress.put(step.id(), message);
        if (!live) {
            long now = System.currentTimeMillis();
            if (now - lastPlainProgress.getOrDefault(step.id(), 0L) >= PLAIN_PROGRESS_EVERY_MS) {
                lastPlainProgress.put(step.id(), now);
                line(" ".repeat(width * 2 + 5) + step.id() + ": " + message);
            }
        }
    }

    @Override
    public synchronized void stepRetry(Step step, int failedAttempt, Duration delay, String error) {
        line(prefix(step) + "↻ " + name(step) + " attempt " + failedAttempt + " failed: " + firstLine(error)
                + "; retrying in " + Durations.human(delay));
    }

    @Override
    public synchronized void stepFinished(Step step, StepStatus status, int attempt, Duration elapsed, String detail,
            Map<String, String> outputs) {
        startedAt.remove(step.id());
        lastProgress.remove(step.id());
        summary.put(step.id(), new Summary(status, elapsed, status == StepStatus.SUCCEEDED && detail != null
                ? shortened(firstLine(detail)) : ""));
        String mark = switch (status) {
            case SUCCEEDED -> "✓";
            case FAILED -> step.continueOnError() ? "✗ (continuing)" : "✗";
            case SKIPPED -> "-";
            case INTERRUPTED -> "■";
            case RUNNING -> "?";
        };
        String tail = switch (status) {
            case SKIPPED -> " skipped" + (detail == null ? "" : " (" + detail + ")");
            case INTERRUPTED -> " stopped after " + Durations.human(elapsed) + (detail == null ? "" : " (" + detail + ")");
            default -> " " + Durations.human(elapsed);
        };
        line(prefix(step) + mark + " " + name(step) + tail);
        if (status == StepStatus.FAILED && detail != null) {
            for (String l : detail.split("\n")) {
                line(" ".repeat(width * 2 + 5) + l);
            }
        }
    }

    @Override
    public synchronized void message(boolean warning, String text) {
        line((warning ? "warning: " : "note: ") + text);
    }

    @Override
    public synchronized void runFinished(String runId, RunOutcome outcome, Duration total, String error) {
        startedAt.clear();
        long ok = count(StepStatus.SUCCEEDED);
        long failed = count(StepStatus.FAILED);
        long skipped = count(StepStatus.SKIPPED);
        long stopped = count(StepStatus.INTERRUPTED);
        StringBuilder sb = new StringBuilder();
        summary.forEach((id, s) -> sb.append(String.format(java.util.Locale.ROOT, "  %-9s %-30s %-7s %s%n",
                s.status().label(), id, s.status() == StepStatus.SKIPPED ? "" : Durations.human(s.elapsed()),
                s.result())));
        if (!summary.isEmpty()) {
            line("summary:\n" + sb.toString().stripTrailing());
        }
        String counts = dev.runner.model.Plural.of(summary.size(), "step") + " this time: " + ok + " succeeded, " + failed + " failed, " + skipped
                + " skipped" + (stopped > 0 ? ", " + stopped + " interrupted" : "");
        switch (outcome) {
            case SUCCEEDED -> line("run " + runId + " succeeded in " + Durations.human(total) + " (" + counts + ")");
            case INTERRUPTED -> line("run " + runId + " interrupted after " + Durations.human(total) + " (" + counts
                    + "); continue with: runner resume " + runId);
            default -> line("run " + runId + " failed after " + Durations.human(total) + " (" + counts + "): "
                    + error + "\n  after fixing the cause: runner resume " + runId);
        }
    }

    private long count(StepStatus s) {
        return summary.values().stream().filter(x -> x.status() == s).count();
    }

    private String prefix(Step step) {
        return String.format(java.util.Locale.ROOT, "[%" + width + "d/%d] ", index.getOrDefault(step.id(), 0),
                index.size());
    }

    private static String name(Step step) {
        return step.id() + " (" + step.type() + ")";
    }

    private static String shortened(String s) {
        return s.length() > SUMMARY_WIDTH ? s.substring(0, SUMMARY_WIDTH - 1) + "…" : s;
    }

    private static String firstLine(String s) {
        int nl = s == null ? -1 : s.indexOf('\n');
        return nl < 0 ? String.valueOf(s) : s.substring(0, nl);
    }

    /** Prints a line above the live line (masked), then redraws the live line. */
    private void line(String text) {
        clearLive();
        out.println(secrets.mask(text));
        drawLive();
        out.flush();
    }

    private void clearLive() {
        if (liveShown) {
            out.print("\r\033[2K");
            liveShown = false;
        }
    }

    private void drawLive() {
        if (!live || startedAt.isEmpty()) {
            return;
        }
        StringBuilder sb = new StringBuilder().append(SPIN.charAt(frame % SPIN.length()));
        long now = System.nanoTime();
        startedAt.forEach((id, t) -> {
            sb.append(' ').append(id).append(' ').append(Durations.human(Duration.ofNanos(now - t)));
            String p = lastProgress.get(id);
            if (p != null) {
                sb.append(" - ").append(firstLine(p));
            }
            sb.append("  ");
        });
        String s = secrets.mask(sb.toString().stripTrailing());
        out.print(s.length() > 160 ? s.substring(0, 159) + "…" : s);
        liveShown = true;
    }

    private void tick() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
            synchronized (this) {
                frame++;
                clearLive();
                drawLive();
                out.flush();
            }
        }
    }

    @Override
    public synchronized void close() {
        if (ticker != null) {
            ticker.interrupt();
        }
        clearLive();
        out.flush();
    }
}
