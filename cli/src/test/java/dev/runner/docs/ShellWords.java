package dev.runner.docs;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a documented command line into words the way a POSIX shell does for the simple commands the docs show:
 * whitespace separates words, {@code '…'} quotes literally, {@code "…"} quotes with backslash escapes, a backslash
 * outside quotes escapes the next character and a {@code #} that starts a word starts the comment. Anything that
 * needs a real shell (pipes, redirections, lists, substitutions) is refused: an example must be one command.
 */
final class ShellWords {
    /** The words of a command line and its trailing comment ("" when there is none). */
    record Line(List<String> words, String comment) {
    }

    private ShellWords() {
    }

    static Line split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (Character.isWhitespace(c)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
                i++;
            } else if (c == '#' && word == null) {
                return new Line(words, line.substring(i + 1).trim());
            } else {
                if (word == null) {
                    word = new StringBuilder();
                }
                i = appendWordPart(line, i, word);
            }
        }
        if (word != null) {
            words.add(word.toString());
        }
        return new Line(words, "");
    }

    /** Appends what starts at {@code i} (a quoted part, an escaped or a plain character) and returns the next index. */
    private static int appendWordPart(String line, int i, StringBuilder word) {
        char c = line.charAt(i);
        switch (c) {
            case '\'' -> {
                int end = line.indexOf('\'', i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("unterminated ' quote");
                }
                word.append(line, i + 1, end);
                return end + 1;
            }
            case '"' -> {
                int j = i + 1;
                while (j < line.length() && line.charAt(j) != '"') {
                    char d = line.charAt(j);
                    if (d == '\\' && j + 1 < line.length() && "\"\\$`".indexOf(line.charAt(j + 1)) >= 0) {
                        word.append(line.charAt(j + 1));
                        j += 2;
                    } else {
                        refuseSubstitution(line, j);
                        word.append(d);
                        j++;
                    }
                }
                if (j >= line.length()) {
                    throw new IllegalArgumentException("unterminated \" quote");
                }
                return j + 1;
            }
            case '\\' -> {
                if (i + 1 >= line.length()) {
                    throw new IllegalArgumentException("a backslash at the end of the line");
                }
                word.append(line.charAt(i + 1));
                return i + 2;
            }
            case '|', '&', ';', '<', '>', '(', ')', '`' -> throw new IllegalArgumentException(
                    "'" + c + "' needs a shell: an example runs one command (show pipes and redirections in a"
                            + " plain sh block, without the $ prompt)");
            default -> {
                refuseSubstitution(line, i);
                word.append(c);
                return i + 1;
            }
        }
    }

    private static void refuseSubstitution(String line, int i) {
        char next = i + 1 < line.length() ? line.charAt(i + 1) : ' ';
        if (line.charAt(i) == '$' && (next == '(' || next == '{' || next == '_' || Character.isLetter(next))
                || line.charAt(i) == '`') {
            throw new IllegalArgumentException("a shell substitution at column " + (i + 1)
                    + ": an example passes its words as written");
        }
    }
}
