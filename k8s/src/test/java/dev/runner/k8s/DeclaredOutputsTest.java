package dev.runner.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.step.StepOutputs;
import dev.runner.step.StepType;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** Every Kubernetes step type declares its outputs, so validate can refuse a misspelt output name. */
class DeclaredOutputsTest {

    @Test
    void everyKubernetesTypeDeclaresItsOutputs() {
        List<StepType> types = ServiceLoader.load(StepType.class).stream().map(ServiceLoader.Provider::get)
                .filter(t -> t instanceof KubeStepType).toList();
        assertEquals(16, types.size(), types.toString());
        for (StepType t : types) {
            assertTrue(t.outputs().declared(), t.name() + " declares no outputs");
        }
    }

    @Test
    void execDeclaresWhatItsRunReturns() {
        StepOutputs exec = new ExecStep().outputs();
        for (String name : List.of("exitCode", "stdout", "stderr", "pod")) {
            assertTrue(exec.accepts(name, Map.of()), name);
        }
        assertFalse(exec.accepts("stdot", Map.of()));
    }

    @Test
    void runJobAcceptsTheNamesOfItsLogOutputsAndTheirFields() {
        StepOutputs job = new RunJobStep().outputs();
        Map<String, Object> with = Map.of("logOutputs", Map.of("result", "RESULT="));
        assertTrue(job.accepts("job", with));
        assertTrue(job.accepts("result", with));
        assertTrue(job.accepts("result.ok", with));
        assertFalse(job.accepts("reslt", with));
        assertFalse(job.accepts("result", Map.of()));
    }
}
