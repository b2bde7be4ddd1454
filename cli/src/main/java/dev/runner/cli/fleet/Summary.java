package dev.runner.cli.fleet;

import dev.runner.model.Plural;
import dev.runner.model.Workflow;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The end of a fleet run: how many targets ended how, one line per target (state, elapsed, run id, why it did not
 * succeed), the command that continues the unfinished ones, and the exit code: 1 when a target failed, else 2 when
 * one was refused (changed workflow/params without --force), else 3 when one was interrupted or not started, else
 * 4 when one was locked by another run, else 0.
 */
final class Summary {
    private final Board board;
    private final Path targetsFile;
    private final Workflow wf;

    Summary(Board board, Path targetsFile, Workflow wf) {
        this.board = board;
        this.targetsFile = targetsFile;
        this.wf = wf;
    }

    int print(PrintWriter out, boolean resumed) {
        Map<Board.State, Integer> counts = new EnumMap<>(Board.State.class);
        Table t = new Table("TARGET", "WHERE", "STATE", "ELAPSED", "RUN", "DETAIL");
        for (Board.Row r : board.rows()) {
            counts.merge(r.state, 1, Integer::sum);
            t.add(r.target.name(), r.target.where(), r.state.label(), r.startedNanos == 0 ? "" : Table.seconds(r.elapsed()),
                    r.runId, r.detail);
        }
        out.println();
        out.println("fleet " + wf.name() + " (" + targetsFile + "): " + Plural.of(board.rows().size(), "target") + ", "
                + counts.entrySet().stream().map(e -> e.getValue() + " " + e.getKey().label())
                        .collect(Collectors.joining(", ")));
        t.render().forEach(out::println);
        int code = exitCode(counts);
        if (code != 0 && code != 4) {
            out.println("continue with: runner resume --targets " + targetsFile);
        }
        out.flush();
        return code;
    }

    private static int exitCode(Map<Board.State, Integer> counts) {
        if (counts.containsKey(Board.State.FAILED)) {
            return 1;
        }
        if (counts.containsKey(Board.State.REFUSED)) {
            return 2;
        }
        if (counts.containsKey(Board.State.INTERRUPTED) || counts.containsKey(Board.State.NOT_STARTED)
                || counts.containsKey(Board.State.WAITING) || counts.containsKey(Board.State.RUNNING)) {
            return 3;
        }
        return counts.containsKey(Board.State.LOCKED) ? 4 : 0;
    }
}
