package dev.runner.state;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * {@code snapshot.json}: the folded {@link RunState} plus the journal offset it covers, so loading reads
 * the snapshot and replays only the journal's tail. Written whole to a temp file, fsynced, renamed over the
 * old one, then the directory is fsynced: a reader sees the old or the new snapshot, never a mix.
 */
public final class Snapshot {
    public static final int VERSION = 1;
    public static final String FILE = "snapshot.json";

    public record Body(int v, long journalOffset, RunState.Data state) {
    }

    private Snapshot() {
    }

    /** Writes the snapshot atomically; returns the bytes written. */
    public static int write(Path runDir, RunState state, long journalOffset) throws IOException {
        byte[] bytes = Json.MAPPER.writeValueAsBytes(new Body(VERSION, journalOffset, state.toData()));
        Path tmp = runDir.resolve(FILE + ".tmp");
        try (java.io.FileOutputStream out = new java.io.FileOutputStream(tmp.toFile())) {
            out.write(bytes); // a stream, not a FileChannel: see Journal on interrupted threads
            out.getFD().sync();
        }
        Files.move(tmp, runDir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        fsyncDir(runDir);
        return bytes.length;
    }

    /** The snapshot if present, readable and of a version this build understands; else empty (replay the journal). */
    public static Optional<Body> read(Path runDir) {
        Path file = runDir.resolve(FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            Body b = Json.MAPPER.readValue(Files.readAllBytes(file), Body.class);
            return b.v() == VERSION && b.state() != null && b.state().started() != null ? Optional.of(b) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    static void fsyncDir(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // some file systems refuse to open directories; the rename is still atomic there
        }
    }
}
