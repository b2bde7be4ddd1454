package dev.runner.state;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class RunLockTest {
    @TempDir
    Path tmp;

    @Test
    void secondHolderIsRefusedAndToldWhoHoldsIt() throws Exception {
        Path f = tmp.resolve("locks/x.lock");
        try (RunLock a = RunLock.acquire(f, "run-1", w -> fail(w))) {
            LockedException e = assertThrows(LockedException.class, () -> RunLock.acquire(f, "run-2", w -> { }));
            assertEquals("run-1", e.holder().runId());
            assertEquals(ProcessHandle.current().pid(), e.holder().pid());
            assertTrue(RunLock.isHeld(f));
        }
        assertFalse(RunLock.isHeld(f));
        RunLock.acquire(f, "run-3", w -> fail("released lock must not warn: " + w)).close();
    }

    @Test
    void staleLockOfADeadProcessIsTakenOverWithAWarning() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        Path f = tmp.resolve("lock");
        Files.writeString(f, Json.MAPPER.writeValueAsString(new RunLock.Holder(p.pid(), Host.name(),
                "2026-01-01T00:00:00Z", "old-run")));
        List<String> warnings = new ArrayList<>();
        try (RunLock l = RunLock.acquire(f, "new-run", warnings::add)) {
            assertEquals("new-run", RunLock.readHolder(f).runId());
        }
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).contains("old-run") && warnings.get(0).contains("pid " + p.pid()), warnings.get(0));
    }

    @Test
    void lockNamingAnotherHostIsNotTakenOver() throws Exception {
        Path f = tmp.resolve("lock");
        Files.writeString(f, Json.MAPPER.writeValueAsString(new RunLock.Holder(1, "elsewhere", "2026-01-01T00:00:00Z",
                "far-run")));
        LockedException e = assertThrows(LockedException.class, () -> RunLock.acquire(f, "me", w -> { }));
        assertTrue(e.getMessage().contains("elsewhere") && e.getMessage().contains("delete"), e.getMessage());
    }
}
