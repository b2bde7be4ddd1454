package dev.runner.workflows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.load.WorkflowLoader;
import dev.runner.model.Param;
import dev.runner.model.Step;
import dev.runner.model.Workflow;
import dev.runner.step.StepRegistry;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The shipped workflows load with every registered step type, are documented, and validate/plan cleanly. */
class WorkflowFilesTest {

    @ParameterizedTest
    @ValueSource(strings = {"configure-backup", "stop-backup", "recovery", "post-recovery", "verify-backup"})
    void loadsWithTheRealStepTypesAndDescribesEveryParamAndStep(String name) throws Exception {
        Workflow wf = new WorkflowLoader(StepRegistry.discover()).load(Path.of(Cli.workflow(name)));
        assertFalse(wf.description().isBlank());
        for (Param p : wf.params().values()) {
            assertFalse(p.description() == null || p.description().isBlank(), name + ": param " + p.name());
        }
        for (Step s : wf.steps()) {
            assertTrue(s.description().filter(d -> !d.isBlank()).isPresent(), name + ": step " + s.id());
        }
        if (!name.equals("post-recovery")) {
            assertEquals("hasura", wf.params().get("namespace").defaultValue().orElseThrow());
        }
        if (!name.equals("post-recovery") && !name.equals("verify-backup")) {
            assertTrue(wf.params().containsKey("deployment") && wf.params().containsKey("container"));
        }
        wf.params().values().stream().filter(Param::secret)
                .forEach(p -> assertTrue(p.fromEnv().isPresent(), name + ": secret " + p.name() + " has no env"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"configure-backup", "stop-backup", "recovery", "post-recovery", "verify-backup"})
    void validateAndOfflinePlanThroughTheCli(String name) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("AWS_SECRET_ACCESS_KEY", "plan-must-not-show-this");
        env.put("KUBECONFIG", "/nonexistent/kubeconfig");
        Cli cli = new Cli(env);
        List<String> required = name.equals("post-recovery") ? List.of("-p", "fromContext=a", "-p", "toContext=b")
                : List.of();
        Cli.Result v = cli.run("validate", Cli.workflow(name));
        assertEquals(0, v.exit(), v.all());
        Cli.Result plan = cli.run(concat(List.of("plan", Cli.workflow(name)), required));
        assertEquals(0, plan.exit(), plan.all());
        assertFalse(plan.all().contains("plan-must-not-show-this"), plan.all());
    }

    @Test
    void planOfATargetTimeWithoutZoneIsInvalidInput() {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("KUBECONFIG", "/nonexistent/kubeconfig");
        Cli.Result plan = new Cli(env).run("plan", Cli.workflow("recovery"), "-p", "target=time",
                "-p", "targetValue=2026-11-20 10:00:00");
        assertEquals(2, plan.exit(), plan.all());
        assertTrue(plan.all().contains("invalid input: window: target time '2026-11-20 10:00:00' has no time zone"),
                plan.all());
        assertFalse(plan.all().contains("Exception"), plan.all());

        Cli.Result zoned = new Cli(env).run("plan", Cli.workflow("recovery"), "-p", "target=time",
                "-p", "targetValue=2026-11-20 10:00:00+00");
        assertEquals(0, zoned.exit(), zoned.all());
    }

    private static String[] concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toArray(String[]::new);
    }
}
