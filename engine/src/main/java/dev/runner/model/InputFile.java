package dev.runner.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/**
 * What may be read as a workflow or step file, or through {@code ${file:PATH}}: a regular file (symbolic links followed), never more than a
 * limit. A FIFO would block the reader at open and a device such as {@code /dev/zero} never ends, so both are
 * refused before they are opened, and even a regular file is read only up to the limit plus one byte, which is
 * enough to tell that it is too large.
 */
public final class InputFile {
    private static final int TYPE_BITS = 0170000;

    private InputFile() {
    }

    public static final String MISSING = "no such file";

    /**
     * Why {@code path} cannot be read as an input file, or empty when it is a regular file.
     *
     * @param what what the file should have been, e.g. "workflow file"
     */
    public static Optional<String> unusable(Path path, String what) {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (IOException e) {
            return Optional.of(MISSING);
        }
        if (attrs.isRegularFile()) {
            return Optional.empty();
        }
        if (attrs.isDirectory()) {
            return Optional.of("is a directory, not a " + what);
        }
        return Optional.of("is " + special(path) + ", not a regular file; refusing to read it");
    }

    /** At most {@code limit + 1} bytes of {@code path}: more than {@code limit} means it is too large. */
    public static byte[] readAtMost(Path path, int limit) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            return in.readNBytes(limit + 1);
        }
    }

    /** "a FIFO (named pipe)", "a character device", …; the "unix" attribute view exists on Linux and macOS. */
    private static String special(Path path) {
        try {
            int mode = (Integer) Files.getAttribute(path, "unix:mode");
            return switch (mode & TYPE_BITS) {
                case 0010000 -> "a FIFO (named pipe)";
                case 0020000 -> "a character device";
                case 0060000 -> "a block device";
                case 0140000 -> "a socket";
                default -> "a special file";
            };
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            return "a special file";
        }
    }
}
