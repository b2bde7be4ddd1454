package dev.runner.step.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.model.Secrets;
import dev.runner.step.BasicStepContext;
import dev.runner.step.RecordingLog;
import dev.runner.step.Services;
import dev.runner.step.StepRegistry;
import dev.runner.step.StepType;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class LogStepTest {
    final RecordingLog log = new RecordingLog();

    @Test
    void printsTheMessageAndPlansNoChange() throws Exception {
        var ctx = BasicStepContext.forPlan("hello", Map.of("message", "hi there"), Path.of("."), Map.of(), log,
                new Secrets(), new Services());
        LogStep step = new LogStep();
        assertFalse(step.plan(ctx).changes());
        assertEquals("print: hi there", step.plan(ctx).action());
        assertTrue(log.lines.isEmpty(), "plan prints nothing");
        step.run(ctx);
        assertEquals(List.of("info hi there"), log.lines);
        assertTrue(step.idempotent());
    }

    @Test
    void builtinsAreDiscoveredWithStrictSchemas() {
        StepRegistry registry = StepRegistry.discover();
        for (String name : List.of("log", "shell")) {
            StepType type = registry.find(name).orElseThrow();
            JsonNode schema = JsonMapper.shared().readTree(type.withSchema());
            assertFalse(schema.get("additionalProperties").asBoolean(), name);
            assertEquals("object", schema.get("type").asString(), name);
        }
    }
}
