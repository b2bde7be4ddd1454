package dev.runner.state;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class JournalTest {
    @TempDir
    Path tmp;

    private Path journalWith(int events) throws IOException {
        Path f = tmp.resolve("journal.jsonl");
        try (Journal j = Journal.open(f)) {
            for (int i = 1; i <= events; i++) {
                j.append(Event.stepStarted("2026-01-01T00:00:0" + i + "Z", "s" + i, 1));
            }
        }
        return f;
    }

    @Test
    void readsBackWhatWasAppended() throws IOException {
        Path f = journalWith(3);
        Journal.Read r = Journal.read(f, 0);
        assertEquals(List.of("s1", "s2", "s3"), r.events().stream().map(Event::step).toList());
        assertEquals(Files.size(f), r.endOffset());
    }

    @Test
    void tornLastLineIsIgnoredAndCutBeforeTheNextAppend() throws IOException {
        Path f = journalWith(2);
        long good = Files.size(f);
        Files.writeString(f, "{\"type\":\"step-fini", StandardOpenOption.APPEND);
        assertEquals(2, Journal.read(f, 0).events().size());
        try (Journal j = Journal.open(f)) {
            j.append(Event.stepStarted("2026-01-01T00:00:09Z", "s9", 1));
        }
        assertEquals(List.of("s1", "s2", "s9"), Journal.read(f, 0).events().stream().map(Event::step).toList());
        assertTrue(Files.size(f) > good);
    }

    @Test
    void garbledLastLineWithNewlineIsIgnoredToo() throws IOException {
        Path f = journalWith(2);
        Files.write(f, new byte[]{'{', 0, 0, 0, '\n'}, StandardOpenOption.APPEND);
        assertEquals(2, Journal.read(f, 0).events().size());
    }

    @Test
    void damageInTheMiddleIsAnError() throws IOException {
        Path f = journalWith(3);
        List<String> lines = Files.readAllLines(f);
        Files.writeString(f, lines.get(0) + "\nnot json\n" + lines.get(2) + "\n");
        IOException e = assertThrows(IOException.class, () -> Journal.read(f, 0));
        assertTrue(e.getMessage().contains("damaged in the middle"), e.getMessage());
    }

    @Test
    void truncatedLastLineOfARealRunStillLoads() throws IOException {
        Path dir = tmp.resolve("run");
        Event started = new Event(Event.RUN_STARTED, "2026-01-01T00:00:00Z", RunStore.FORMAT_VERSION, "r1", "w.yaml",
                "w", Map.of(), Map.of(), List.of(), "h", "salt", Map.of(), 1L, "host", null, null, null, null, null,
                null, null, null, null, null, null, null);
        try (RunStore s = RunStore.create(dir, started, new dev.runner.model.Secrets())) {
            s.append(Event.stepStarted("2026-01-01T00:00:01Z", "a", 1));
            s.append(Event.stepFinished("2026-01-01T00:00:02Z", "a", 1, StepStatus.SUCCEEDED, null, Map.of("k", "v"),
                    List.of(), null, "ok"));
        }
        Files.delete(dir.resolve(Snapshot.FILE)); // make load use the journal alone
        byte[] all = Files.readAllBytes(dir.resolve(RunStore.JOURNAL));
        for (int cut = 1; cut < 40; cut++) {
            Files.write(dir.resolve(RunStore.JOURNAL), java.util.Arrays.copyOf(all, all.length - cut));
            RunState st = RunStore.load(dir);
            assertEquals(StepStatus.RUNNING, st.step("a").orElseThrow().status(), "cut " + cut);
        }
        String text = new String(all, StandardCharsets.UTF_8);
        assertTrue(text.endsWith("\n"));
    }
}
