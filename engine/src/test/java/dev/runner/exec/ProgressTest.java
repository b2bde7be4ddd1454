package dev.runner.exec;

import dev.runner.model.Secrets;
import dev.runner.state.StepStatus;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Map;

import static dev.runner.exec.Fixtures.*;
import static org.junit.jupiter.api.Assertions.*;

class ProgressTest {
    private final Secrets secrets = new Secrets();

    {
        secrets.add("hunter2");
    }

    @Test
    void oneLinePerTransitionWithElapsedTimeAndASummaryAllMasked() {
        var wf = workflow(step("config"), step("restore", "config"), continueOnError(step("check", "restore")));
        StringWriter sw = new StringWriter();
        try (Progress p = new Progress(wf, new PrintWriter(sw), secrets, false)) {
            p.runStarted("r1", "demo", 3, 0, false);
            p.stepStarted(wf.steps().get(1), 1);
            p.stepLog(wf.steps().get(1), false, "using password hunter2");
            p.stepRetry(wf.steps().get(1), 1, Duration.ofMillis(1500), "conflict");
            p.stepFinished(wf.steps().get(1), StepStatus.SUCCEEDED, 2, Duration.ofMillis(2100), "patched", Map.of());
            p.stepFinished(wf.steps().get(2), StepStatus.FAILED, 1, Duration.ofMillis(40), "bad hunter2", Map.of());
            p.runFinished("r1", RunOutcome.SUCCEEDED, Duration.ofSeconds(3), null);
        }
        String out = sw.toString();
        assertTrue(out.contains("[2/3] ▶ restore (fake)\n"), out);
        assertTrue(out.contains("restore: using password ***\n"), out);
        assertTrue(out.contains("[2/3] ↻ restore (fake) attempt 1 failed: conflict; retrying in 1.5s\n"), out);
        assertTrue(out.contains("[2/3] ✓ restore (fake) 2.1s\n"), out);
        assertTrue(out.contains("[3/3] ✗ (continuing) check (fake) 40ms\n"), out);
        assertTrue(out.contains("run r1 succeeded in 3.0s (2 steps this time: 1 succeeded, 1 failed, 0 skipped)"), out);
        assertFalse(out.contains("hunter2"), out);
        assertFalse(out.contains("\033["), "no terminal control codes when not on a terminal");
    }

    @Test
    void jsonLinesAreMaskedEvents() {
        var wf = workflow(step("a"));
        StringWriter sw = new StringWriter();
        JsonProgress p = new JsonProgress(new PrintWriter(sw), secrets);
        p.stepFinished(wf.steps().get(0), StepStatus.FAILED, 1, Duration.ofMillis(5), "login hunter2 refused", Map.of());
        p.runFinished("r1", RunOutcome.FAILED, Duration.ofMillis(9), "step 'a' failed: login hunter2 refused");
        var lines = sw.toString().lines().toList();
        assertEquals(2, lines.size());
        var first = JsonMapper.builder().build().readTree(lines.get(0));
        assertEquals("step-finished", first.get("event").asString());
        assertEquals("login *** refused", first.get("error").asString());
        assertEquals(1, JsonMapper.builder().build().readTree(lines.get(1)).get("exitCode").asInt());
        assertFalse(sw.toString().contains("hunter2"));
    }
}
