package dev.runner.cli.fleet;

import java.io.PrintWriter;
import java.util.List;

/**
 * Shows the fleet while it runs. On a terminal: a table (target, where, current step, state, elapsed) redrawn in
 * place a few times a second. Otherwise: one line per change (a target starts a step, a target finishes), which
 * logs and CI read well.
 */
final class LiveView implements AutoCloseable {
    private static final long REDRAW_MS = 250;
    private final Board board;
    private final PrintWriter out;
    private final boolean terminal;
    private Thread ticker;
    private int shownLines;

    LiveView(Board board, PrintWriter out, boolean terminal) {
        this.board = board;
        this.out = out;
        this.terminal = terminal;
        if (terminal) {
            ticker = new Thread(this::tick, "fleet-table");
            ticker.setDaemon(true);
            ticker.start();
        } else {
            board.subscribe(this::line);
        }
    }

    private synchronized void line(Board.Row r) {
        String what = switch (r.state) {
            case RUNNING -> r.step.isEmpty() ? "started" : "step " + r.step;
            case WAITING -> "waiting";
            default -> r.state.label() + " in " + Table.seconds(r.elapsed()) + (r.detail.isEmpty() ? "" : ": " + r.detail);
        };
        out.println("[" + r.target.name() + "] " + what);
        out.flush();
    }

    private void tick() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                redraw();
                Thread.sleep(REDRAW_MS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void redraw() {
        List<String> lines = table(board);
        StringBuilder b = new StringBuilder();
        if (shownLines > 0) {
            b.append("\033[").append(shownLines).append('F'); // to the start of the table shown before
        }
        for (String l : lines) {
            b.append(l).append("\033[K\n");
        }
        out.print(b);
        out.flush();
        shownLines = lines.size();
    }

    static List<String> table(Board board) {
        Table t = new Table("TARGET", "WHERE", "STEP", "STATE", "ELAPSED");
        for (Board.Row r : board.rows()) {
            t.add(r.target.name(), r.target.where(), r.step, r.state.label(),
                    r.startedNanos == 0 ? "" : Table.seconds(r.elapsed()));
        }
        return t.render();
    }

    @Override
    public void close() {
        if (ticker != null) {
            ticker.interrupt();
            try {
                ticker.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            redraw();
        }
    }
}
