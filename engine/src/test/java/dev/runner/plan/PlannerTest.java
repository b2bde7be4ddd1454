package dev.runner.plan;

import static dev.runner.plan.Workflows.param;
import static dev.runner.plan.Workflows.step;
import static dev.runner.plan.Workflows.when;
import static dev.runner.plan.Workflows.workflow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.load.BoundParams;
import dev.runner.model.Workflow;
import dev.runner.step.RecordingLog;
import dev.runner.step.StepContext;
import dev.runner.step.StepPlan;
import dev.runner.step.StepRegistry;
import dev.runner.step.StepResult;
import dev.runner.step.StepType;
import dev.runner.step.builtin.LogStep;
import dev.runner.step.builtin.ShellStep;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class PlannerTest {
    static final String SECRET = "s3cr3t-value";
    static final String READ_SECRET = "read-from-cluster";

    /** A type that, like a Kubernetes step reading a Secret, learns a secret while planning. */
    static final class ReadsSecret implements StepType {
        public String name() {
            return "reads-secret";
        }

        public String description() {
            return "test";
        }

        public String withSchema() {
            return "{}";
        }

        public StepPlan plan(StepContext ctx) {
            ctx.addSecret(READ_SECRET);
            ctx.log().info("found " + READ_SECRET);
            return StepPlan.of("copy " + READ_SECRET, List.of("value " + READ_SECRET));
        }

        public StepResult run(StepContext ctx) {
            throw new AssertionError("plan must not run steps");
        }
    }

    final StepRegistry registry = StepRegistry.of(new LogStep(), new ShellStep(), new ReadsSecret());
    final RecordingLog log = new RecordingLog();

    Workflow wf = workflow(List.of(param("ns", "hasura", false, "Namespace"), param("pw", null, true, "Password"),
                    param("flag", "false", false, "")),
            step("b", "shell", Map.of("run", "echo ${steps.a.outputs.x}", "env", Map.of("PW", "${params.pw}")), "a"),
            step("a", "log", Map.of("message", "ns=${params.ns} pw=${params.pw}")),
            when(step("c", "log", Map.of("message", "never")), "${params.flag}"),
            when(step("d", "log", Map.of("message", "maybe")), "${steps.b.outputs.stdout} == yes"),
            step("e", "reads-secret", Map.of(), "d"));

    Plan plan() {
        BoundParams bound = new BoundParams(Map.of("ns", "hasura", "pw", SECRET, "flag", "false"), Set.of("pw"));
        return new Planner(registry).plan(wf, bound, Map.of("context", "prod"), Map.of(), id -> log);
    }

    @Test
    void stepsComeInDagOrderWithResolvedInputs() {
        Plan plan = plan();
        assertEquals(List.of("a", "b", "c", "d", "e"), plan.steps().stream().map(PlannedStep::id).toList());
        PlannedStep a = plan.steps().get(0);
        assertEquals("ns=hasura pw=***", a.with().get("message"));
        assertEquals(PlannedStep.Status.NO_CHANGE, a.status());
        PlannedStep b = plan.steps().get(1);
        assertEquals("echo <output of step a>", b.with().get("run"));
        assertEquals(Map.of("PW", "***"), b.with().get("env"));
        assertEquals(PlannedStep.Status.CHANGE, b.status());
        assertEquals(List.of("$ echo <output of step a>", "env PW=***"), b.details());
    }

    @Test
    void whenIsDecidedAtPlanTimeWhereItCanBe() {
        Plan plan = plan();
        PlannedStep c = plan.steps().get(2);
        assertEquals(PlannedStep.Status.SKIPPED, c.status());
        assertEquals("${params.flag} (false)", c.when().orElseThrow());
        PlannedStep d = plan.steps().get(3);
        assertEquals(PlannedStep.Status.NO_CHANGE, d.status());
        assertTrue(d.when().orElseThrow().endsWith("(decided at run time)"));
        assertEquals("5 steps: 2 will change, 1 skipped", plan.summary());
    }

    @Test
    void secretsNeverAppearInTextOrJson() {
        Plan plan = plan();
        String text = PlanText.render(plan);
        String json = PlanJson.render(plan);
        for (String out : List.of(text, json)) {
            assertFalse(out.contains(SECRET), out);
            assertFalse(out.contains(READ_SECRET), out);
        }
        assertTrue(text.contains("pw    ***"), text);
        assertTrue(text.contains("~ copy ***"), text);
        assertTrue(log.lines.contains("info found " + READ_SECRET), "the engine's printer masks logs, not the type");
    }

    @Test
    void textHasHeaderParamsStepsAndSummary() {
        String text = PlanText.render(plan());
        assertTrue(text.startsWith("Workflow test (" + Workflows.FILE + ")\n  A test workflow\n"), text);
        assertTrue(text.contains("\nParameters:\n  ns    hasura  Namespace\n"), text);
        assertTrue(text.contains("\n  2. b (shell)  needs: a\n     ~ run a shell command\n         $ echo <output of step a>\n"),
                text);
        assertTrue(text.contains("  3. c (log)\n     when: ${params.flag} (false)\n     - skipped"), text);
        assertTrue(text.endsWith("\n5 steps: 2 will change, 1 skipped\n"), text);
    }

    @Test
    void jsonHasTheSameContent() {
        JsonNode json = JsonMapper.shared().readTree(PlanJson.render(plan()));
        assertEquals("test", json.get("workflow").get("name").asString());
        assertEquals("***", json.get("params").get(1).get("value").asString());
        assertTrue(json.get("params").get(1).get("secret").asBoolean());
        assertEquals("skipped", json.get("steps").get(2).get("status").asString());
        assertEquals("no-change", json.get("steps").get(0).get("status").asString());
        assertEquals("echo <output of step a>", json.get("steps").get(1).get("with").get("run").asString());
        assertEquals(2, json.get("summary").get("change").asInt());
    }

    @Test
    void unresolvableInputIsInvalidNotFatal() {
        wf = workflow(List.of(), step("a", "log", Map.of("message", "${env:RUNNER_TEST_UNSET_VAR}")),
                step("b", "log", Map.of("message", "fine")));
        Plan plan = new Planner(registry).plan(wf, new BoundParams(Map.of(), Set.of()), Map.of(), Map.of(), id -> log);
        assertEquals(PlannedStep.Status.INVALID, plan.steps().get(0).status());
        assertTrue(plan.steps().get(0).action().contains("RUNNER_TEST_UNSET_VAR"), plan.steps().get(0).action());
        assertEquals(PlannedStep.Status.NO_CHANGE, plan.steps().get(1).status());
        assertEquals("2 steps: 0 will change, 0 skipped, 1 could not be planned: a", plan.summary());
    }
}
