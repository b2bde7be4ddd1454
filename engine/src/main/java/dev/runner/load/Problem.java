package dev.runner.load;

import dev.runner.model.SourcePos;

/** One thing wrong with the input, printed as {@code file:line:col: message}. */
public record Problem(SourcePos pos, String message) implements Comparable<Problem> {

    @Override
    public String toString() {
        return pos + ": " + message;
    }

    @Override
    public int compareTo(Problem o) {
        int c = pos.file().toString().compareTo(o.pos.file().toString());
        if (c == 0) {
            c = Integer.compare(pos.line(), o.pos.line());
        }
        if (c == 0) {
            c = Integer.compare(pos.column(), o.pos.column());
        }
        return c != 0 ? c : message.compareTo(o.message);
    }
}
