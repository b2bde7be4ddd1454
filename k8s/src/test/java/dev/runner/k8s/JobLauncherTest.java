package dev.runner.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.exec.Cancellation;
import dev.runner.k8s.incluster.JobLauncher;
import dev.runner.launch.LaunchRequest;
import dev.runner.step.ApiAccess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C while following an in-cluster run: by default the terminal detaches and the Job goes on (how to follow it
 * is printed); with --cancel the Job is deleted. Against fabric8's mock API server in CRUD mode.
 */
class JobLauncherTest {
    @TempDir
    Path dir;

    private int launch(MockCluster c, boolean cancel, List<String> lines) throws Exception {
        Cancellation interrupted = new Cancellation();
        interrupted.cancel("interrupted by SIGINT", true);
        LaunchRequest req = new LaunchRequest("demo", Map.of("wf.yaml", "x"), "wf.yaml", Map.of("a", "b"),
                Map.of("s", "secret-value-1"), List.of(ApiAccess.namespaced("", "configmaps", "get")),
                Map.of("kubeconfig", MockCluster.kubeconfig(dir, "jobs", c).toString()), "runner:1", cancel,
                interrupted, lines::add);
        return new JobLauncher().launch(req);
    }

    @Test
    void ctrlCDetachesAndTheJobGoesOn() throws Exception {
        try (MockCluster c = new MockCluster("a")) {
            List<String> lines = new ArrayList<>();
            assertEquals(3, launch(c, false, lines));
            var jobs = c.client.batch().v1().jobs().inNamespace("jobs").list().getItems();
            assertEquals(1, jobs.size(), "the Job goes on");
            String name = jobs.get(0).getMetadata().getName();
            assertTrue(String.join("\n", lines).contains("detached; the run goes on in Job jobs/" + name
                    + ". Follow it: kubectl -n jobs logs -f job/" + name), lines.toString());
            assertNotNull(c.client.rbac().roles().inNamespace("jobs").withName(name).get());
        }
    }

    @Test
    void withCancelCtrlCDeletesTheJob() throws Exception {
        try (MockCluster c = new MockCluster("a")) {
            List<String> lines = new ArrayList<>();
            assertEquals(3, launch(c, true, lines));
            assertEquals(List.of(), c.client.batch().v1().jobs().inNamespace("jobs").list().getItems());
            assertTrue(String.join("\n", lines).contains("--cancel: deleted Job jobs/runner-demo-"), lines.toString());
        }
    }
}
