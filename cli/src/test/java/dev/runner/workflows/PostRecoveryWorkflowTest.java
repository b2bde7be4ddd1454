package dev.runner.workflows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Pod;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** post-recovery.yaml through the real CLI against two mock API servers (old and new cluster). */
class PostRecoveryWorkflowTest {
    @TempDir
    Path dir;
    MockApi old;
    MockApi fresh;
    FakePostgres pg;
    FakeController controller;
    Cli cli;

    @BeforeEach
    void clusters() {
        pg = FakePostgres.install(ConfigureStopBackupTest.IMAGE, dir);
        pg.roles.put("admin", "old-pg-password"); // the recovered database is the old project's
        old = new MockApi("old-project");
        fresh = new MockApi("new-project");
        Seed.secret(old.client, "postgres", Map.of("postgres.user", "admin", "postgres.password", "old-pg-password"));
        Seed.secret(old.client, "auth", Map.of("django.sapass", "old-admin-password", "django.secret", "old-key"));
        Seed.secret(fresh.client, "postgres", Map.of("postgres.user", "admin", "postgres.password", "new-pg-password"));
        Seed.secret(fresh.client, "auth", Map.of("django.sapass", "new-admin-password", "django.secret", "new-key"));
        Seed.postgres(fresh.client);
        Seed.app(fresh.client, "auth");
        Seed.app(fresh.client, "data");
        controller = new FakeController(fresh, Seed.NS, pg);
        controller.reconcile();
        cli = new Cli(new HashMap<>(System.getenv()), "--kubeconfig",
                MockApi.kubeconfig(dir, Seed.NS, fresh, old).toString(), "--state-dir", dir.resolve("state").toString());
    }

    @AfterEach
    void close() throws Exception {
        controller.close();
        old.close();
        fresh.close();
    }

    @Test
    void copiesTheTwoPasswordsAndRestartsAuthAndData() {
        String authPod = pod("app=auth").getMetadata().getName();
        String dataPod = pod("app=data").getMetadata().getName();

        Cli.Result r = cli.run("run", Cli.workflow("post-recovery"), "-p", "fromContext=old-project", "-p",
                "toContext=new-project");
        assertEquals(0, r.exit(), r.all());

        var pgSecret = fresh.client.secrets().inNamespace(Seed.NS).withName("postgres").get();
        assertEquals("old-pg-password", Seed.value(pgSecret, "postgres.password"));
        assertEquals("admin", Seed.value(pgSecret, "postgres.user"), "other keys untouched");
        var auth = fresh.client.secrets().inNamespace(Seed.NS).withName("auth").get();
        assertEquals("old-admin-password", Seed.value(auth, "django.sapass"));
        assertEquals("new-key", Seed.value(auth, "django.secret"), "only the named key is copied");
        assertEquals(List.of(), old.runnerWrites(), "the old cluster is only read");
        assertTrue(r.out().contains("admin-password (copy-secret)"), "only copied values are masked:\n" + r.out());
        for (String secret : List.of("old-pg-password", "old-admin-password", "new-pg-password")) {
            assertFalse(r.all().contains(secret), "printed a password:\n" + r.all());
        }

        Pod newAuth = pod("app=auth");
        Pod newData = pod("app=data");
        assertNotEquals(authPod, newAuth.getMetadata().getName(), "auth pod replaced");
        assertNotEquals(dataPod, newData.getMetadata().getName(), "data pod replaced");
        for (Pod p : List.of(newAuth, newData)) {
            assertTrue(p.getStatus().getConditions().stream()
                    .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True")));
        }
    }

    @Test
    void aPasswordTheRecoveredDatabaseDoesNotKnowStopsBeforeTheAppsRestart() {
        pg.roles.put("admin", "a-different-password");
        String authPod = pod("app=auth").getMetadata().getName();
        Cli.Result r = cli.run("run", Cli.workflow("post-recovery"), "-p", "fromContext=old-project", "-p",
                "toContext=new-project");
        assertEquals(1, r.exit(), r.all());
        assertTrue(r.all().contains("does NOT match"), r.all());
        assertEquals(authPod, pod("app=auth").getMetadata().getName(), "auth not restarted");
        assertFalse(r.all().contains("old-pg-password"), r.all());
    }

    private Pod pod(String selector) {
        String[] kv = selector.split("=");
        List<Pod> pods = fresh.client.pods().inNamespace(Seed.NS).withLabel(kv[0], kv[1]).list().getItems();
        assertEquals(1, pods.size(), pods.toString());
        return pods.get(0);
    }
}
