package dev.runner.local.incluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.cli.Main;
import dev.runner.local.ImageScript;
import dev.runner.local.LocalEnvironment;
import dev.runner.local.Testbed;
import dev.runner.local.kubelet.LocalImages;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code runner run --in-cluster} on the local cluster, whose kubelet runs the runner image as a real container and
 * whose API server authorizes the Job's ServiceAccount with RBAC: a workflow with a shell step and an apply of a
 * manifest from another directory runs inside the cluster with only the Role `runner rbac` would print; the
 * terminal shows the run's progress and summary and exits 0; the secret param reaches the run (the Secret it
 * applies holds it) but is in neither the Job's spec nor the pod's log. Needs root and podman; never skips.
 */
class InClusterRunTest {
    static final String NS = "jobs";
    static final String TOKEN = "tok-3xY9-very-secret";

    @Test
    void aWorkflowRunsAsAJobWithItsOwnAccountAndTheTerminalFollowsIt() throws Exception {
        Path dir = Testbed.tempDir("local-incluster-test");
        Path wfDir = Files.createDirectories(dir.resolve("flows"));
        Path manifests = Files.createDirectories(dir.resolve("manifests"));
        Files.writeString(manifests.resolve("out.yaml"), """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: greeting}
                data: {text: "${vars.text}"}
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: token}
                stringData: {token: "${vars.token}"}
                """);
        Path wf = wfDir.resolve("hello.yaml");
        Files.writeString(wf, """
                apiVersion: runner/v1
                kind: Workflow
                name: hello-in-cluster
                params:
                  greeting: {type: string, default: hello}
                  token: {type: string, secret: true, from: env:TEST_TOKEN}
                steps:
                  - id: say
                    type: shell
                    with:
                      env: {TOKEN: "${params.token}"}
                      run: |
                        echo "${params.greeting} from $(hostname)"
                        echo "token is $TOKEN" >&2
                  - id: put
                    type: apply
                    needs: [say]
                    with:
                      file: ../manifests/out.yaml
                      vars: {text: "${params.greeting} ${steps.say.outputs.stdout}", token: "${params.token}"}
                """);
        String image = LocalImages.runner(ImageScript.home()); // the test's own packaged CLI, built once
        try (LocalEnvironment env = LocalEnvironment.start(dir.resolve("clusters"), ImageScript.locate(), true,
                List.of("ic"))) {
            KubernetesClient admin = env.cluster("ic").client();
            admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
                    .create();
            Map<String, String> vars = new HashMap<>(System.getenv());
            vars.put("TEST_TOKEN", TOKEN);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
            long t0 = System.nanoTime();
            int code = Main.run(new String[] {"run", wf.toString(), "--in-cluster", "-n", NS, "--kubeconfig",
                    env.kubeconfig().toString(), "-p", "greeting=hi", "--image", "runner:test"}, out, out, vars);
            String text = bytes.toString(StandardCharsets.UTF_8);
            System.out.printf("in-cluster run took %.1f s%n%s%n", (System.nanoTime() - t0) / 1e9, text);
            assertEquals(0, code, text);
            assertTrue(text.matches("(?s).*runner: started Job jobs/runner-hello-in-cluster-[a-z0-9]{5} .*"), text);
            assertTrue(text.contains("summary:") && text.matches("(?s).*succeeded\\s+say\\s.*"), text);
            assertTrue(text.matches("(?s).*run \\S+ succeeded in .*"), text);
            assertTrue(text.contains("token is ***"), "the secret is masked in the run's log: " + text);
            assertFalse(text.contains(TOKEN), text);

            ConfigMap greeting = admin.configMaps().inNamespace(NS).withName("greeting").get();
            assertNotNull(greeting, "the run applied the ConfigMap");
            assertTrue(greeting.getData().get("text").startsWith("hi hi from runner-hello-in-cluster-"),
                    greeting.getData().toString());
            Secret token = admin.secrets().inNamespace(NS).withName("token").get();
            assertEquals(TOKEN, new String(Base64.getDecoder().decode(token.getData().get("token")),
                    StandardCharsets.UTF_8), "the secret param reached the run");

            Job job = admin.batch().v1().jobs().inNamespace(NS).list().getItems().get(0);
            String jobName = job.getMetadata().getName();
            String jobYaml = Testbed.kubectl(env.kubeconfig(), "-n", NS, "get", "job", jobName, "-o", "yaml");
            String logs = Testbed.kubectl(env.kubeconfig(), "-n", NS, "logs", "job/" + jobName);
            for (String s : List.of(jobYaml, logs)) {
                assertFalse(s.contains(TOKEN), s);
                assertFalse(s.contains(Base64.getEncoder().encodeToString(TOKEN.getBytes(StandardCharsets.UTF_8))),
                        s);
            }
            assertTrue(logs.contains("token is ***"), logs);
            assertEquals(jobName, job.getSpec().getTemplate().getSpec().getServiceAccountName());

            // the run's state is in the API server: listed from here
            ByteArrayOutputStream runs = new ByteArrayOutputStream();
            PrintStream runsOut = new PrintStream(runs, true, StandardCharsets.UTF_8);
            assertEquals(0, Main.run(new String[] {"runs", "--state", "cluster", "-n", NS, "--kubeconfig",
                    env.kubeconfig().toString()}, runsOut, runsOut, vars), runs.toString(StandardCharsets.UTF_8));
            assertTrue(runs.toString(StandardCharsets.UTF_8).contains("hello-in-cluster"),
                    runs.toString(StandardCharsets.UTF_8));
            var role = admin.rbac().roles().inNamespace(NS).withName(jobName).get();
            assertTrue(role.getRules().stream().anyMatch(r -> r.getResources().equals(List.of("configmaps"))
                    && r.getVerbs().equals(List.of("create", "delete", "get", "list", "update"))),
                    role.getRules().toString());
        }
    }
}
