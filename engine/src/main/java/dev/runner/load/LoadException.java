package dev.runner.load;

import java.util.List;
import java.util.stream.Collectors;

/** The input is invalid; {@link #problems()} lists everything found, sorted by file, line and column. */
public class LoadException extends Exception {
    private final transient List<Problem> problems;

    public LoadException(List<Problem> problems) {
        super(problems.stream().sorted().distinct().map(Problem::toString).collect(Collectors.joining("\n")),
                null, false, false);
        this.problems = problems.stream().sorted().distinct().toList();
    }

    public List<Problem> problems() {
        return problems;
    }
}
