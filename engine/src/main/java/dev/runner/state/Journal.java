package dev.runner.state;

import java.io.IOException;
import java.io.FileOutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The append-only event log of one run: one JSON object per line, made durable with an fsync before
 * {@link #append} returns (or, for deferred events, with the next synced one). A crash can leave only the last line torn (no newline, or unparsable);
 * {@link #read} ignores it and {@link #open} cuts it off before appending.
 *
 * <p>Writes go through a {@link FileOutputStream}, not a {@code FileChannel}: an interrupted thread (a step
 * being cancelled) that touches a FileChannel closes it for everyone, and the journal must stay writable
 * to record the interruption itself.
 */
public final class Journal implements AutoCloseable {
    private final FileOutputStream out;
    private long size;
    private boolean dirty;

    private Journal(FileOutputStream out, long size) {
        this.out = out;
        this.size = size;
    }

    /** Opens (creating) the journal for appending after its last complete event. */
    public static Journal open(Path file) throws IOException {
        long valid = Files.exists(file) ? read(file, 0).endOffset() : 0;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            if (ch.size() > valid) {
                ch.truncate(valid);
                ch.force(true);
            }
        }
        return new Journal(new FileOutputStream(file.toFile(), true), valid);
    }

    /** Writes one event and waits until it (and any event written before it) is on disk; returns its bytes. */
    public int append(Event e) throws IOException {
        return append(e, true);
    }

    /**
     * Writes one event; with {@code sync} false it is handed to the OS (so it survives the process being
     * killed) but made durable only by the next synced append or {@link #sync}.
     */
    public int append(Event e, boolean sync) throws IOException {
        byte[] line = (Json.MAPPER.writeValueAsString(e) + "\n").getBytes(StandardCharsets.UTF_8);
        out.write(line);
        size += line.length;
        dirty = true;
        if (sync) {
            sync();
        }
        return line.length;
    }

    /** Makes everything written so far durable (one fsync), if anything is pending. */
    public void sync() throws IOException {
        if (dirty) {
            out.getFD().sync();
            dirty = false;
        }
    }

    public long size() {
        return size;
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    /** The events from byte {@code offset} on, and the offset just after the last complete event. */
    public record Read(List<Event> events, long endOffset) {
    }

    public static Read read(Path file, long offset) throws IOException {
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return new Read(List.of(), 0);
        }
        List<Event> events = new ArrayList<>();
        long pos = Math.min(offset, all.length);
        int lineNo = 0;
        while (pos < all.length) {
            int nl = indexOf(all, (int) pos, (byte) '\n');
            if (nl < 0) {
                break; // torn: the process died while writing the last event
            }
            lineNo++;
            String text = new String(all, (int) pos, nl - (int) pos, StandardCharsets.UTF_8);
            try {
                events.add(Json.MAPPER.readValue(text, Event.class));
            } catch (RuntimeException ex) {
                if (nl == all.length - 1) {
                    break; // a garbled last line is a torn write as well
                }
                throw new IOException(file + ": the journal is damaged in the middle: line " + lineNo
                        + (offset > 0 ? " after the snapshot's offset " + offset : "") + " " + why(ex));
            }
            pos = nl + 1;
        }
        return new Read(events, pos);
    }

    /** One line a user can read; the parser's own message names its classes and spans several lines. */
    private static String why(RuntimeException ex) {
        if (ex instanceof tools.jackson.core.exc.StreamReadException e && e.getLocation() != null) {
            return "is not valid JSON (column " + e.getLocation().getColumnNr() + ")";
        }
        return ex instanceof tools.jackson.core.exc.StreamReadException ? "is not valid JSON"
                : "is not a journal event";
    }

    private static int indexOf(byte[] a, int from, byte b) {
        for (int i = from; i < a.length; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
