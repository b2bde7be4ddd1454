package dev.runner.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.runner.k8s.cluster.ExecResult;
import dev.runner.k8s.cluster.FabricPodExec;
import io.fabric8.kubernetes.api.model.PodListBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.server.mock.ErrorStreamMessage;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.server.mock.OutputStreamMessage;
import io.fabric8.kubernetes.client.server.mock.StatusMessage;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The default exec transport over the pods/exec websocket channel protocol (served by the mock server), with
 * the exit code in the Status frame as the API server sends it.
 */
class FabricPodExecTest {

    @Test
    void readsStdoutStderrAndTheExitCodeEvenFromAPodThatIsNotReady() throws Exception {
        KubernetesMockServer server = new KubernetesMockServer(false);
        server.init();
        try (var client = server.createClient()) {
            var pod = Fixtures.pod("hasura", "pg-0", "postgres", false);
            server.expect().get().withPath("/api/v1/namespaces/hasura/pods/pg-0").andReturn(200, pod).always();
            server.expect().get().withPath("/api/v1/namespaces/hasura/pods?fieldSelector=metadata.name%3Dpg-0")
                    .andReturn(200, new PodListBuilder().withItems(pod).build()).always();
            server.expect().withPath("/api/v1/namespaces/hasura/pods/pg-0/exec?command=test&command=-e"
                    + "&command=%2Fdata%2Fx&container=postgres&stdout=true&stderr=true")
                    .andUpgradeToWebSocket().open(new OutputStreamMessage("out line\n"),
                            new ErrorStreamMessage("err line\n"), new StatusMessage(new StatusBuilder().withStatus("Failure")
                                    .withReason("NonZeroExitCode").withMessage("command terminated with exit code 1")
                                    .withNewDetails().addNewCause().withReason("ExitCode").withMessage("1").endCause()
                                    .endDetails().build()))
                    .done().once();
            ExecResult r = new FabricPodExec().exec(client, "hasura", "pg-0", "postgres",
                    List.of("test", "-e", "/data/x"), Duration.ofSeconds(20));
            assertEquals(new ExecResult(1, "out line\n", "err line\n"), r);
        } finally {
            server.destroy();
        }
    }

    @Test
    void aRefusedUpgradeIsTheServersForbiddenStatusNotARetryableNetworkFault() throws Exception {
        KubernetesMockServer server = new KubernetesMockServer(false);
        server.init();
        try (var client = server.createClient()) {
            String message = "pods \"pg-0\" is forbidden: User \"system:serviceaccount:hasura:runner\" cannot get"
                    + " resource \"pods/exec\" in API group \"\" in the namespace \"hasura\"";
            var pod = Fixtures.pod("hasura", "pg-0", "postgres", true);
            server.expect().get().withPath("/api/v1/namespaces/hasura/pods/pg-0").andReturn(200, pod).always();
            server.expect().get().withPath("/api/v1/namespaces/hasura/pods?fieldSelector=metadata.name%3Dpg-0")
                    .andReturn(200, new PodListBuilder().withItems(pod).build()).always();
            server.expect().withPath("/api/v1/namespaces/hasura/pods/pg-0/exec?command=id&container=postgres"
                    + "&stdout=true&stderr=true").andReturn(403, new StatusBuilder().withStatus("Failure")
                    .withReason("Forbidden").withCode(403).withMessage(message).build()).always();
            var e = org.junit.jupiter.api.Assertions.assertThrows(
                    io.fabric8.kubernetes.client.KubernetesClientException.class, () -> new FabricPodExec().exec(client,
                            "hasura", "pg-0", "postgres", List.of("id"), Duration.ofSeconds(20)));
            assertEquals(403, e.getCode());
            assertEquals("403 " + message, dev.runner.k8s.cluster.Calls.reason(e));
            assertEquals(false, dev.runner.k8s.cluster.Calls.transientFailure(e), "not retried");
        } finally {
            server.destroy();
        }
    }
}
