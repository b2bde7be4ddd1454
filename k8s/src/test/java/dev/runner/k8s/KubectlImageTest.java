package dev.runner.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.step.InvalidInputException;
import io.fabric8.kubernetes.client.VersionInfo;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubectlImageTest {
    @TempDir
    Path dir;
    MockCluster cluster;
    TestContext ctx;
    final KubectlImageStep step = new KubectlImageStep();

    private TestContext at(String gitVersion) {
        cluster = new MockCluster("a");
        cluster.server.setVersionInfo(new VersionInfo.Builder().withMajor("1").withMinor("30").withGitVersion(gitVersion)
                .build());
        ctx = new TestContext(Map.of("kubeconfig", MockCluster.kubeconfig(dir, "hasura", cluster).toString()));
        return ctx;
    }

    @AfterEach
    void tearDown() throws Exception {
        ctx.close();
        cluster.close();
    }

    @Test
    void withoutAnImageTheServersOwnVersionIsUsedWithoutItsDistributionSuffix() throws Exception {
        var out = step.run(at("v1.30.5-gke.1014001").next()).outputs();
        assertEquals("registry.k8s.io/kubectl:v1.30.5", out.get("image"));
        assertEquals("v1.30.5", out.get("serverVersion"));
        assertEquals("use registry.k8s.io/kubectl:v1.30.5", step.plan(ctx.next()).action());
        assertFalse(step.plan(ctx.next()).changes());
    }

    @Test
    void aGivenImageMustBeWithinOneMinorVersionOfTheServer() throws Exception {
        at("v1.30.2+k3s1");
        assertEquals("registry.k8s.io/kubectl:v1.31.0", step.run(ctx.next().with("image",
                "registry.k8s.io/kubectl:v1.31.0")).outputs().get("image"));
        assertEquals("bitnami/kubectl:1.29", step.run(ctx.next().with("image", "bitnami/kubectl:1.29"))
                .outputs().get("image"));
        assertEquals("mirror.local/kubectl@sha256:abc", step.run(ctx.next().with("image",
                "mirror.local/kubectl@sha256:abc")).outputs().get("image"), "no version in the tag: taken as is");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> step.run(ctx.next().with("image",
                "registry.k8s.io/kubectl:v1.32.0")));
        assertTrue(e.getMessage().contains("kubectl image registry.k8s.io/kubectl:v1.32.0 is 1.32, the API server is"
                + " v1.30.2: kubectl is supported within one minor version of the server"), e.getMessage());
        assertThrows(InvalidInputException.class, () -> step.plan(ctx.next().with("image", "registry.k8s.io/kubectl:v1.28.9")));
    }
}
