package dev.runner.k8s.incluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.exec.Cancellation;
import dev.runner.launch.LaunchRequest;
import dev.runner.step.ApiAccess;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What an in-cluster run creates: secrets only in the Secret, params by reference, exactly the declared access. */
class LaunchObjectsTest {
    static final String SECRET = "pa$$-Word-Secret-1";

    private static LaunchObjects objects() {
        LaunchRequest req = new LaunchRequest("my flow", Map.of("flows/wf.yaml", "steps: []", "k8s/x.yaml", "a: b"),
                "flows/wf.yaml", Map.of("greeting", "hi $(HOME)"), Map.of("token", SECRET),
                List.of(ApiAccess.namespaced("", "configmaps", "get", "create"), ApiAccess.namespaced("", "configmaps",
                        "update"), ApiAccess.namespaced("apps", "deployments", "get").in("other"),
                        ApiAccess.cluster("", "namespaces", "get")),
                Map.of(), "runner:1", false, new Cancellation(), l -> { });
        return new LaunchObjects(req, "runner-my-flow-abcde", "jobs");
    }

    @Test
    void theJobCarriesNoSecretAndReadsParamsByReference() {
        Job job = objects().job();
        String yaml = Serialization.asYaml(job);
        assertFalse(yaml.contains(SECRET), yaml);
        assertFalse(yaml.contains(Base64.getEncoder().encodeToString(SECRET.getBytes(StandardCharsets.UTF_8))), yaml);
        assertFalse(yaml.contains("hi $(HOME)"), "param values stay in their ConfigMap: " + yaml);
        var c = job.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals(List.of("run", "/workflow/flows/wf.yaml", "-p", "greeting=$(RUNNER_PARAM_0)", "--params-file",
                "/secret-params/params.yaml", "-n", "jobs", "--state", "cluster"), c.getArgs());
        assertEquals("greeting", c.getEnv().get(0).getValueFrom().getConfigMapKeyRef().getKey());
        assertEquals(0, job.getSpec().getBackoffLimit());
        assertEquals("runner-my-flow-abcde", job.getSpec().getTemplate().getSpec().getServiceAccountName());
        assertTrue(job.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsNonRoot());
    }

    @Test
    void theSecretHoldsTheSecretParamsAndTheRolesTheDeclaredAccess() {
        List<HasMetadata> all = objects().prerequisites();
        Secret s = (Secret) all.stream().filter(o -> o instanceof Secret).findFirst().orElseThrow();
        assertEquals("\"token\": \"pa$$-Word-Secret-1\"\n", new String(Base64.getDecoder().decode(s.getData()
                .get("params.yaml")), StandardCharsets.UTF_8));
        List<Role> roles = all.stream().filter(o -> o instanceof Role).map(o -> (Role) o).toList();
        assertEquals(List.of("jobs", "other"), roles.stream().map(r -> r.getMetadata().getNamespace()).toList());
        // the steps' access, and the run's own state (ConfigMaps, a Lease)
        assertEquals(List.of("create", "delete", "get", "list", "update"), roles.get(0).getRules().get(0).getVerbs());
        assertTrue(roles.get(0).getRules().stream().anyMatch(r -> r.getApiGroups().equals(List.of("coordination.k8s.io"))
                && r.getResources().equals(List.of("leases"))), roles.get(0).getRules().toString());
        assertEquals(List.of("ClusterRole", "ClusterRoleBinding", "ConfigMap", "ConfigMap", "Role", "Role",
                        "RoleBinding", "RoleBinding", "Secret", "ServiceAccount"),
                all.stream().map(HasMetadata::getKind).sorted().toList());
    }

    @Test
    void namesAreDnsLabels() {
        String n = JobLauncher.name("Configure Backup (prod)!");
        assertTrue(n.matches("runner-configure-backup-prod-[a-z0-9]{5}"), n);
        assertTrue(JobLauncher.name("x".repeat(80)).length() <= 63 - 6, "room for the Job's pod suffix");
    }
}
