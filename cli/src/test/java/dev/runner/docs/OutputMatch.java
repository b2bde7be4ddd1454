package dev.runner.docs;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Whether a command printed the lines an example shows. The shown lines must appear in the output in their order;
 * lines next to each other in the example must be next to each other in the output, except across a line that is
 * only {@code …}, which stands for any number of lines. Inside a line, {@code …} stands for any text (a run id, a
 * duration). Trailing spaces do not count.
 */
final class OutputMatch {
    private OutputMatch() {
    }

    /** Empty when {@code actual} shows every expected line; otherwise what was not found. */
    static Optional<String> mismatch(List<String> expected, String actual) {
        List<String> lines = actual.lines().map(String::stripTrailing).toList();
        int from = 0;
        for (List<String> run : runs(expected)) {
            List<Pattern> patterns = run.stream().map(OutputMatch::pattern).toList();
            int at = find(patterns, lines, from);
            if (at < 0) {
                return Optional.of("these shown lines are not in the output"
                        + (from > 0 ? " after line " + from : "") + ":\n  " + String.join("\n  ", run));
            }
            from = at + run.size();
        }
        return Optional.empty();
    }

    /** The expected lines cut at each line that is only the ellipsis: each run must match consecutive lines. */
    private static List<List<String>> runs(List<String> expected) {
        List<List<String>> runs = new ArrayList<>();
        List<String> run = new ArrayList<>();
        for (String line : expected) {
            if (line.strip().equals(DocExamples.ELLIPSIS)) {
                if (!run.isEmpty()) {
                    runs.add(run);
                }
                run = new ArrayList<>();
            } else {
                run.add(line.stripTrailing());
            }
        }
        if (!run.isEmpty()) {
            runs.add(run);
        }
        return runs;
    }

    private static int find(List<Pattern> run, List<String> lines, int from) {
        for (int at = from; at + run.size() <= lines.size(); at++) {
            boolean all = true;
            for (int k = 0; k < run.size() && all; k++) {
                all = run.get(k).matcher(lines.get(at + k)).matches();
            }
            if (all) {
                return at;
            }
        }
        return -1;
    }

    private static Pattern pattern(String line) {
        StringBuilder regex = new StringBuilder();
        for (String literal : line.split(DocExamples.ELLIPSIS, -1)) {
            if (!regex.isEmpty()) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(literal));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
