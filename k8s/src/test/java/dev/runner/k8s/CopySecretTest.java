package dev.runner.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.step.Observation;
import dev.runner.step.StepException;
import dev.runner.step.StepPlan;
import dev.runner.step.StepResult;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** copy-secret between two API servers, as two contexts of one kubeconfig (the post-recovery case). */
class CopySecretTest {
    @TempDir
    Path dir;
    MockCluster oldCluster;
    MockCluster newCluster;
    TestContext run;
    final CopySecretStep copy = new CopySecretStep();

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @BeforeEach
    void setUp() {
        oldCluster = new MockCluster("old");
        newCluster = new MockCluster("new");
        run = new TestContext(Map.of("kubeconfig", MockCluster.kubeconfig(dir, "hasura", oldCluster, newCluster)
                .toString()));
        oldCluster.client.secrets().inNamespace("hasura").resource(new SecretBuilder().withNewMetadata()
                .withName("postgres").endMetadata().withType("Opaque").addToData("postgres.password", b64("old-pw"))
                .addToData("postgres.user", b64("admin")).build()).create();
        newCluster.client.secrets().inNamespace("hasura").resource(new SecretBuilder().withNewMetadata()
                .withName("postgres").endMetadata().addToData("postgres.password", b64("fresh-pw"))
                .addToData("other", b64("keep-me")).build()).create();
    }

    @AfterEach
    void tearDown() throws Exception {
        run.close();
        oldCluster.close();
        newCluster.close();
    }

    private TestContext step() {
        return run.next().with("name", "postgres").with("keys", List.of("postgres.password"))
                .with("fromContext", "old").with("toContext", "new");
    }

    private Secret target(String name) {
        return newCluster.client.secrets().inNamespace("hasura").withName(name).get();
    }

    @Test
    void copiesOneKeyAcrossContextsKeepingTheRest() throws Exception {
        TestContext c = step();
        StepPlan plan = copy.plan(c);
        assertEquals(List.of("update key postgres.password"), plan.details());
        StepResult r = copy.run(c);
        assertEquals(Map.of("keys", "postgres.password", "changed", "true"), r.outputs());
        assertEquals(b64("old-pw"), target("postgres").getData().get("postgres.password"));
        assertEquals(b64("keep-me"), target("postgres").getData().get("other"));
        assertTrue(c.secrets.isSecret("old-pw") && c.secrets.isSecret(b64("old-pw")), "values registered as secrets");
        assertFalse(c.logText().contains("old-pw") || (plan.action() + plan.details()).contains("old-pw"));

        assertEquals("false", copy.run(step()).outputs().get("changed"));
        assertFalse(copy.plan(step()).changes());
        assertEquals(Observation.State.DONE, copy.observe(step()).state());
    }

    @Test
    void createsTheTargetWithRenamedKeysAndSourceType() throws Exception {
        copy.run(run.next().with("name", "postgres").with("toName", "auth").with("fromContext", "old")
                .with("toContext", "new").with("toNamespace", "apps").with("rename", Map.of("postgres.password", "django.sapass")));
        Secret s = newCluster.client.secrets().inNamespace("apps").withName("auth").get();
        assertEquals(Map.of("django.sapass", b64("old-pw"), "postgres.user", b64("admin")), s.getData());
        assertEquals("Opaque", s.getType());
    }

    @Test
    void aMissingKeyIsNamedWithoutValues() {
        StepException e = assertThrows(StepException.class, () -> copy.run(run.next().with("name", "postgres")
                .with("keys", List.of("nope")).with("fromContext", "old").with("toContext", "new")));
        assertFalse(e.retryable());
        assertTrue(e.getMessage().contains("has no key 'nope' (it has [postgres.password, postgres.user])"), e.getMessage());
    }
}
