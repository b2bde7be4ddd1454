package dev.runner.workflows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** recovery.yaml through the real CLI: a point-in-time restore, killed with SIGKILL after the patch and resumed. */
class RecoveryWorkflowTest {
    static final String IMAGE = ConfigureStopBackupTest.IMAGE;
    static final String DEPLOYMENT_PATH = "/apis/apps/v1/namespaces/hasura/deployments/postgres";

    @TempDir
    Path dir;
    MockApi api;
    FakePostgres pg;
    FakeController controller;
    Map<String, String> env;
    Path kubeconfig;
    PodTemplateSpec original;

    @BeforeEach
    void cluster() {
        pg = FakePostgres.install(IMAGE, dir);
        pg.stanza = true;
        pg.backups = 2; // the source's repository
        pg.runningSystemId = "7300000000000000777"; // a fresh database in a new project: not in place
        api = new MockApi("new");
        Seed.secret(api.client, "postgres", Map.of("postgres.user", "admin", "postgres.password", "new-pw"));
        original = Seed.postgres(api.client).getSpec().getTemplate();
        controller = new FakeController(api, Seed.NS, pg);
        controller.jobOutcome = job -> pg.backups > 0; // the info Job fails on an empty repository
        env = new HashMap<>(System.getenv());
        env.put("AWS_ACCESS_KEY_ID", "AKIARECOVERYTEST0001");
        env.put("AWS_SECRET_ACCESS_KEY", "recovery-secret-access-key");
        kubeconfig = MockApi.kubeconfig(dir, Seed.NS, api);
    }

    @AfterEach
    void close() throws Exception {
        controller.close();
        api.close();
    }

    List<String> args(String... extra) {
        return argsAt("2026-11-20 10:00:00+00", extra);
    }

    List<String> argsAt(String targetTime, String... extra) {
        List<String> a = new ArrayList<>(List.of("run", Cli.workflow("recovery"), "--kubeconfig", kubeconfig.toString(),
                "--state-dir", dir.resolve("state").toString(), "-p", "image=" + IMAGE, "-p", "s3Bucket=acme-backups",
                "-p", "target=time", "-p", "targetValue=" + targetTime));
        a.addAll(List.of(extra));
        return a;
    }

    @Test
    void killedRightAfterThePatchResumesWithoutPatchingTwice() throws Exception {
        controller.pauseDeployments = true; // the new pod does not come up while the first runner lives
        Process runner = subprocess(args());
        try {
            awaitJournal(d -> d.contains("\"step-finished\"") && d.contains("\"step\":\"restore\""), runner);
        } finally {
            runner.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no "interrupted" record
        }
        assertEquals(List.of("PUT " + DEPLOYMENT_PATH), deploymentWrites(), "exactly one patch before the kill");

        Deployment patched = api.client.apps().deployments().inNamespace(Seed.NS).withName("postgres").get();
        var spec = patched.getSpec().getTemplate().getSpec();
        Container init = spec.getInitContainers().get(0);
        assertEquals("pgbackrest-restore", init.getName());
        assertEquals(IMAGE, init.getImage());
        assertEquals(List.of("restore"), init.getArgs());
        Map<String, String> initEnv = init.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
        assertEquals("time", initEnv.get("RESTORE_TYPE"));
        assertEquals("2026-11-20 10:00:00+00", initEnv.get("RESTORE_TARGET"));
        assertEquals("y", initEnv.get("RESTORE_DELTA"));
        assertEquals("/hasura/postgres", initEnv.get("PGBACKREST_REPO1_PATH"));
        assertEquals("20261120-020000F", initEnv.get("RESTORE_SET"), "the set the window check named");
        assertTrue(initEnv.get("RESTORE_ID").matches("[0-9]{8}T[0-9]{6}Z"), initEnv.toString());
        assertEquals("/var/lib/postgresql/data", initEnv.get("PGDATA"), "the container's own PGDATA");
        var dataMount = init.getVolumeMounts().stream().filter(m -> m.getName().equals("data")).findFirst().orElseThrow();
        assertEquals(original.getSpec().getContainers().get(0).getVolumeMounts().stream()
                .filter(m -> m.getName().equals("data")).findFirst().orElseThrow(), dataMount,
                "the container's own mount of the data volume, not one rebuilt from params");
        Container main = spec.getContainers().get(0);
        assertEquals(IMAGE, main.getImage());
        assertEquals(List.of("postgres", "-c", "archive_mode=off"), main.getArgs());
        assertEquals(0, pg.restores, "nothing restored while the pod was held");

        controller.pauseDeployments = false;
        String runId = onlyRunId();
        Cli.Result resumed = new Cli(env).run("resume", runId, "--kubeconfig", kubeconfig.toString(), "--state-dir",
                dir.resolve("state").toString());
        assertEquals(0, resumed.exit(), resumed.all());
        assertTrue(resumed.all().contains("recovered to timeline 2, last replayed WAL location 0/5000A28"),
                resumed.all());
        assertEquals(List.of("PUT " + DEPLOYMENT_PATH, "PUT " + DEPLOYMENT_PATH), deploymentWrites(),
                "the resumed run patched nothing again; its one write is the return to the original template");
        assertEquals(1, pg.restores, "restored once; the marker kept the restored database across restarts");
        Deployment after = api.client.apps().deployments().inNamespace(Seed.NS).withName("postgres").get();
        assertEquals(original, after.getSpec().getTemplate(), "back to the original template");
        assertTrue(pg.commands.stream().anyMatch(c -> c.contains("show archive_mode")), "archiving verified off");
        assertFalse(resumed.all().contains("recovery-secret-access-key"));
    }

    @Test
    void anEmptyRepositoryStopsBeforeTheDeploymentIsTouched() {
        pg.backups = 0;
        Cli.Result r = new Cli(env).run(args().toArray(String[]::new));
        assertEquals(1, r.exit(), r.all());
        assertTrue(r.all().contains("preflight"), r.all());
        assertEquals(List.of(), deploymentWrites());
        assertEquals(original, api.client.apps().deployments().inNamespace(Seed.NS).withName("postgres").get()
                .getSpec().getTemplate());
    }

    /**
     * A new cluster: no pod there has the source's repository settings, so the window comes from the preflight
     * Job's pgbackrest info (run-job logOutputs) — and a target outside it stops the run before anything changes.
     */
    @Test
    void aTargetOutsideTheWindowIsRefusedFromTheJobsInfoBeforeTheDeploymentIsTouched() {
        pg.runningSystemId = null; // the source itself answers: the window's end carries its last archived WAL's time
        Cli.Result before = new Cli(env).run(argsAt("2026-11-20 00:30:00+01").toArray(String[]::new));
        assertEquals(1, before.exit(), before.all());
        assertTrue(before.all().contains("target time 2026-11-19 23:30:00+00 is before the recoverable window: the"
                + " earliest backup (20261120-010000F) became consistent at 2026-11-20 01:00:10+00"), before.all());
        Cli.Result after = new Cli(env).run(argsAt("2026-11-20 12:00:00Z").toArray(String[]::new));
        assertEquals(1, after.exit(), after.all());
        assertTrue(after.all().contains("is after the last archived WAL"), after.all());
        Cli.Result noZone = new Cli(env).run(argsAt("2026-11-20 10:00:00").toArray(String[]::new));
        assertEquals(1, noZone.exit(), noZone.all());
        assertTrue(noZone.all().contains("has no time zone"), noZone.all());
        assertEquals(List.of(), deploymentWrites());
        assertEquals(0, pg.restores);
        assertTrue(pg.commands.stream().noneMatch(c -> c.startsWith("runner-pg.sh info")),
                "the window came from the Job, not from a pod: " + pg.commands);
    }

    /** archiveAfter into a path that holds another database's archive: refused before the switch to archiving. */
    @Test
    void archiveAfterIntoAnotherDatabasesPathIsRefusedBeforeArchivingIsSwitchedOn() {
        Cli.Result r = new Cli(env).run(args("-p", "archiveAfter=true", "-p", "archivePath=" + pg.foreignRepoPath)
                .toArray(String[]::new));
        assertEquals(1, r.exit(), r.all());
        assertTrue(r.all().contains("step 'guard' failed: guard: repository s3 /someone-else (stanza main) belongs to another"
                + " database: its system identifier is 7999999999999999999"), r.all());
        assertEquals(1, pg.restores, "the recovery itself finished");
        Deployment d = api.client.apps().deployments().inNamespace(Seed.NS).withName("postgres").get();
        assertEquals(original, d.getSpec().getTemplate(), "back to normal, never switched to archiving");
        assertFalse(pg.commands.stream().anyMatch(c -> c.contains("stanza-create")), pg.commands.toString());
    }

    /** The server that came up is on other data than the restore wrote: the run fails instead of reporting success. */
    @Test
    void aServerThatDoesNotServeTheRestoredDataFailsTheRecovery() {
        pg.dataDirectory = "/var/lib/postgresql/old";
        Cli.Result r = new Cli(env).run(args().toArray(String[]::new));
        assertEquals(1, r.exit(), r.all());
        assertTrue(r.all().contains("expected '/var/lib/postgresql/data marker=true' but the server answered"
                + " '/var/lib/postgresql/old marker=false'"), r.all());
        assertFalse(r.all().contains("recovered to timeline"), r.all());
    }

    @Test
    void aServerWithAnotherSystemIdentifierFailsTheRecovery() {
        pg.systemIdAfterRestore = "7111111111111111111"; // a fresh initdb came up instead of the restored data
        Cli.Result r = new Cli(env).run(args().toArray(String[]::new));
        assertEquals(1, r.exit(), r.all());
        assertTrue(r.all().contains("the server that came up is not the restored database: its system identifier is"
                + " 7111111111111111111, the backup's (repository s3 /hasura/postgres, stanza main) is 7300000000000000001"), r.all());
        assertFalse(r.all().contains("recovered to timeline"), r.all());
    }

    @Test
    void aContainerWithoutAVolumeForPgdataIsRefusedBeforeAnythingChanges() {
        // the fake cluster writes the Deployment's status meanwhile: a conflicting edit is read again and retried
        for (int attempt = 1; ; attempt++) {
            try {
                api.client.apps().deployments().inNamespace(Seed.NS).withName("postgres").edit(d -> {
                    d.getSpec().getTemplate().getSpec().getContainers().get(0).setVolumeMounts(List.of());
                    return d;
                });
                break;
            } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == 10) {
                    throw e;
                }
            }
        }
        Cli.Result r = new Cli(env).run(args().toArray(String[]::new));
        assertEquals(1, r.exit(), r.all());
        assertTrue(r.all().contains("step 'data-dir' failed") && r.all().contains("container 'postgres' has no"
                + " volumeMount for PGDATA /var/lib/postgresql/data (its mounts: [])"), r.all());
        assertEquals(List.of(), api.runnerWrites(), "nothing written: no Secret, no Job, no patch");
    }

    private List<String> deploymentWrites() {
        return api.runnerWrites().stream().filter(w -> w.endsWith(DEPLOYMENT_PATH)).toList();
    }

    private Process subprocess(List<String> cliArgs) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.runner.cli.Main"));
        cmd.addAll(cliArgs);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("first-run.log").toFile());
        pb.environment().putAll(env);
        return pb.start();
    }

    private void awaitJournal(java.util.function.Predicate<String> done, Process runner) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!runner.isAlive()) {
                throw new AssertionError("the runner ended early:\n" + Files.readString(dir.resolve("first-run.log")));
            }
            for (String line : journalLines()) {
                if (done.test(line)) {
                    return;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the patch step did not finish:\n" + Files.readString(dir.resolve("first-run.log")));
    }

    private List<String> journalLines() throws IOException {
        Path runs = dir.resolve("state").resolve("runs");
        if (!Files.isDirectory(runs)) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        try (Stream<Path> s = Files.walk(runs)) {
            for (Path p : s.filter(p -> p.getFileName().toString().equals("journal.jsonl")).toList()) {
                lines.addAll(Files.readAllLines(p));
            }
        }
        return lines;
    }

    private String onlyRunId() throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve("state").resolve("runs"))) {
            List<Path> runs = s.filter(Files::isDirectory).toList();
            assertEquals(1, runs.size(), runs.toString());
            assertNotNull(runs.get(0));
            return runs.get(0).getFileName().toString();
        }
    }
}
