package dev.runner.model;

import java.nio.file.Path;

/** A position in a source file, 1-based, printed as {@code file:line:col}. */
public record SourcePos(Path file, int line, int column) {
    public static SourcePos unknown(Path file) {
        return new SourcePos(file, 1, 1);
    }

    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
