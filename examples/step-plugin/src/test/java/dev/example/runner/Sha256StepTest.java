package dev.example.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.exec.Cancellation;
import dev.runner.exec.ExecOptions;
import dev.runner.exec.Executor;
import dev.runner.exec.ExprInputs;
import dev.runner.exec.RunListener;
import dev.runner.exec.RunOutcome;
import dev.runner.exec.RunSession;
import dev.runner.load.LoadException;
import dev.runner.load.WorkflowLoader;
import dev.runner.model.Secrets;
import dev.runner.model.Step;
import dev.runner.model.Workflow;
import dev.runner.state.StateDir;
import dev.runner.state.StepStatus;
import dev.runner.step.StepRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plugin, with nothing but the engine beside it: found by ServiceLoader, validated, run. */
class Sha256StepTest {
    static final Path DIR = Path.of("src/test/resources");

    @Test
    void serviceLoaderFindsTheTypeBesideTheBuiltIns() {
        StepRegistry registry = StepRegistry.discover();
        assertTrue(registry.find("sha256").orElseThrow() instanceof Sha256Step);
        assertEquals(java.util.Set.of("log", "shell", "sha256"), registry.names(),
                "only the engine's built-ins and this plugin are on the class path");
    }

    @Test
    void itsSchemaRefusesATypoAtTheKeysPosition() {
        LoadException e = assertThrows(LoadException.class,
                () -> new WorkflowLoader(StepRegistry.discover()).load(DIR.resolve("typo.yaml")));
        String all = e.problems().toString();
        assertTrue(all.contains("typo.yaml:7:"), all);
        assertTrue(all.contains("fiel"), all);
    }

    @Test
    void aMisspeltOutputIsRefusedWithASuggestion() {
        LoadException e = assertThrows(LoadException.class,
                () -> new WorkflowLoader(StepRegistry.discover()).load(DIR.resolve("output-typo.yaml")));
        assertEquals(1, e.problems().size(), e.problems().toString());
        assertTrue(e.problems().get(0).toString().endsWith("output-typo.yaml:11:33: step 'hash' (type sha256) has no"
                + " output 'sha265' in ${steps.hash.outputs.sha265} (did you mean 'sha256'?)"), e.problems().toString());
    }

    @Test
    void aWorkflowRunsItAndTheNextStepReadsItsOutputs(@TempDir Path state) throws Exception {
        Workflow wf = new WorkflowLoader(StepRegistry.discover()).load(DIR.resolve("hash.yaml"));
        Map<String, Map<String, String>> outputs = new ConcurrentHashMap<>();
        Map<String, String> logged = new ConcurrentHashMap<>();
        RunListener listener = new RunListener() {
            @Override
            public void stepLog(Step step, boolean warning, String message) {
                logged.put(step.id(), message);
            }

            @Override
            public void stepFinished(Step step, StepStatus status, int attempt, Duration elapsed, String detail,
                                     Map<String, String> out) {
                outputs.put(step.id(), out);
            }
        };
        Secrets secrets = new Secrets();
        RunOutcome outcome;
        try (RunSession session = RunSession.start(new StateDir(state), wf,
                new RunSession.Params(Map.of(), java.util.Set.of()), Map.of(), secrets, w -> { })) {
            outcome = new Executor(wf, StepRegistry.discover(), new ExprInputs(Map.of(), Map.of()), Map.of(), secrets,
                    listener, session.store(), new Cancellation(), ExecOptions.DEFAULT).execute();
        }
        assertEquals(RunOutcome.SUCCEEDED, outcome);
        // printf 'hello, plugin\n' | sha256sum
        String expected = "e244cdb116c0f8fd2ad33368bbe46799adf256ff5a086e475ae64a1f31e95eed";
        assertEquals(Map.of("sha256", expected, "bytes", "14"), outputs.get("hash"));
        assertEquals("payload is 14 bytes, sha256 " + expected, logged.get("show"));
    }
}
