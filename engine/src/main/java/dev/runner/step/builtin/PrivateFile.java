package dev.runner.step.builtin;

import dev.runner.step.StepException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** A temporary file only its owner can read (created 0600, never wider), for text that must stay off argv. */
final class PrivateFile {
    private PrivateFile() {
    }

    static Path write(String prefix, String suffix, String text) throws StepException {
        try {
            Path f = Files.createTempFile(prefix.replaceAll("[^A-Za-z0-9._-]", "_"), suffix,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(f, text, StandardCharsets.UTF_8);
            return f;
        } catch (IOException | UnsupportedOperationException e) {
            throw new StepException("cannot write the script to a private temporary file: " + e.getMessage(), false, e);
        }
    }

    static void delete(Path f) {
        try {
            Files.deleteIfExists(f);
        } catch (IOException e) {
            // left in the temporary directory, readable by its owner only
        }
    }
}
