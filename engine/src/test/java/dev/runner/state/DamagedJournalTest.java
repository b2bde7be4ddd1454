package dev.runner.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A journal damaged in the middle is reported in one line a user can act on, without the parser's internals. */
class DamagedJournalTest {
    @TempDir
    Path dir;

    @Test
    void garbageInTheMiddle() throws IOException {
        Path f = dir.resolve("journal.jsonl");
        Files.writeString(f, "{\"type\":\"run-started\"}\n{\"type\": x}\n{\"type\":\"run-finished\"}\n");
        IOException e = assertThrows(IOException.class, () -> Journal.read(f, 0));
        assertEquals(f + ": the journal is damaged in the middle: line 2 is not valid JSON (column 10)", e.getMessage());
    }

    @Test
    void validJsonThatIsNoEvent() throws IOException {
        Path f = dir.resolve("journal.jsonl");
        Files.writeString(f, "{\"type\":\"run-started\"}\n{\"attempt\": \"many\"}\n{\"type\":\"run-finished\"}\n");
        IOException e = assertThrows(IOException.class, () -> Journal.read(f, 0));
        assertEquals(f + ": the journal is damaged in the middle: line 2 is not a journal event", e.getMessage());
    }
}
