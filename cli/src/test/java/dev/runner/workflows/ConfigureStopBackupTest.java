package dev.runner.workflows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvFromSourceBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** configure-backup and stop-backup through the real CLI against the mock API server. */
class ConfigureStopBackupTest {
    static final String IMAGE = "registry.test/runner/postgres-pgbackrest:15";
    static final String KEY_ID = "AKIAWORKFLOWTEST0001";
    static final String KEY_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    @TempDir
    Path dir;
    MockApi api;
    FakePostgres pg;
    FakeController controller;
    Cli cli;
    PodTemplateSpec original;

    @BeforeEach
    void cluster() {
        pg = FakePostgres.install(IMAGE, dir);
        api = new MockApi("prod");
        Seed.secret(api.client, "postgres", Map.of("postgres.user", "admin", "postgres.password", "pg-secret-pw"));
        original = Seed.postgres(api.client).getSpec().getTemplate();
        controller = new FakeController(api, Seed.NS, pg);
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("AWS_ACCESS_KEY_ID", KEY_ID);
        env.put("AWS_SECRET_ACCESS_KEY", KEY_SECRET);
        cli = new Cli(env, "--kubeconfig", MockApi.kubeconfig(dir, Seed.NS, api).toString(),
                "--state-dir", dir.resolve("state").toString());
    }

    @AfterEach
    void close() throws Exception {
        controller.close();
        api.close();
    }

    Cli.Result configure() {
        return cli.run("run", Cli.workflow("configure-backup"), "-p", "image=" + IMAGE, "-p", "s3Bucket=acme-backups",
                "-p", "s3Region=eu-west-1", "-p", "retentionFull=4");
    }

    @Test
    void configureArchivesBacksUpAndSchedulesThenStopPutsTheOriginalBack() {
        Cli.Result r = configure();
        assertEquals(0, r.exit(), r.all());
        assertFalse(r.all().contains(KEY_SECRET) || r.all().contains(KEY_ID), "secrets printed:\n" + r.all());

        var secret = api.client.secrets().inNamespace(Seed.NS).withName("pgbackrest-repo").get();
        assertEquals(KEY_ID, Seed.value(secret, "PGBACKREST_REPO1_S3_KEY"));
        assertEquals(KEY_SECRET, Seed.value(secret, "PGBACKREST_REPO1_S3_KEY_SECRET"));
        assertEquals(Set.of("PGBACKREST_REPO1_S3_KEY", "PGBACKREST_REPO1_S3_KEY_SECRET", "PGBACKREST_REPO1_CIPHER_PASS"),
                secretKeys(secret));
        Map<String, String> cm = api.client.configMaps().inNamespace(Seed.NS).withName("pgbackrest-repo").get().getData();
        assertEquals("s3", cm.get("PGBACKREST_REPO1_TYPE"));
        assertEquals("acme-backups", cm.get("PGBACKREST_REPO1_S3_BUCKET"));
        assertEquals("eu-west-1", cm.get("PGBACKREST_REPO1_S3_REGION"));
        assertEquals("/hasura/postgres", cm.get("PGBACKREST_REPO1_PATH"));
        assertEquals("host", cm.get("PGBACKREST_REPO1_S3_URI_STYLE"));
        assertEquals("4", cm.get("PGBACKREST_REPO1_RETENTION_FULL"));
        assertEquals("main", cm.get("PGBACKREST_STANZA"));
        assertEquals("lz4", cm.get("PGBACKREST_COMPRESS_TYPE"));
        assertEquals("none", cm.get("PGBACKREST_REPO1_CIPHER_TYPE"));

        Deployment d = deployment();
        Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals(IMAGE, c.getImage());
        assertEquals(List.of("runner-pg.sh"), c.getCommand());
        assertEquals(List.of("postgres", "-c", "wal_level=replica", "-c", "archive_mode=on", "-c",
                "archive_command=pgbackrest --stanza=main archive-push %p", "-c", "archive_timeout=60"), c.getArgs());
        assertEquals(List.of(ref(true), ref(false)), c.getEnvFrom());
        assertEquals(original.getSpec().getContainers().get(0).getEnv(), c.getEnv(), "env untouched");
        var jobs = api.client.batch().v1().jobs().inNamespace(Seed.NS).list().getItems();
        assertEquals(1, jobs.size(), "the preflight Job ran once");
        var check = jobs.get(0).getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals(IMAGE, check.getImage());
        assertEquals(List.of(ref(true), ref(false)), check.getEnvFrom());
        assertEquals("false", check.getEnv().get(0).getValue(), "configure does not need a backup yet");
        assertEquals(List.of("/var/lib/postgresql/data", "/etc/pgbackrest/repo"),
                c.getVolumeMounts().stream().map(m -> m.getMountPath()).toList());
        var volumes = d.getSpec().getTemplate().getSpec().getVolumes();
        assertEquals("pgbackrest-repo-files", volumes.get(1).getSecret().getSecretName(),
                "key files are mounted from their own Secret, never loaded by envFrom");
        assertEquals(original, Serialization.unmarshal(
                d.getMetadata().getAnnotations().get("runner.dev/original-template"), PodTemplateSpec.class));

        assertTrue(pg.stanza, "stanza created");
        assertEquals(1, pg.checks, "pgbackrest check ran once");
        assertEquals(1, pg.backups, "first full backup taken");

        CronJob cron = api.client.batch().v1().cronjobs().inNamespace(Seed.NS).withName("postgres-backup").get();
        assertEquals("0 */6 * * *", cron.getSpec().getSchedule());
        assertEquals("Forbid", cron.getSpec().getConcurrencyPolicy());
        var pod = cron.getSpec().getJobTemplate().getSpec().getTemplate().getSpec();
        assertEquals("postgres-backup", pod.getServiceAccountName());
        assertEquals("Never", pod.getRestartPolicy());
        assertEquals(List.of("kubectl", "exec", "--namespace=hasura", "deploy/postgres", "--container=postgres", "--",
                "runner-pg.sh", "backup", "full"), pod.getContainers().get(0).getCommand());
        assertEquals("registry.k8s.io/kubectl:v1.31.4", pod.getContainers().get(0).getImage(),
                "kubectl of the API server's own version (GET /version), distribution suffix dropped");
        assertNotNull(api.client.serviceAccounts().inNamespace(Seed.NS).withName("postgres-backup").get());
        List<PolicyRule> rules = api.client.rbac().roles().inNamespace(Seed.NS).withName("postgres-backup").get()
                .getRules();
        assertTrue(rules.stream().anyMatch(x -> x.getResources().contains("pods/exec") && x.getVerbs().contains("create")));
        assertEquals(List.of("postgres"), rules.get(0).getResourceNames());
        var binding = api.client.rbac().roleBindings().inNamespace(Seed.NS).withName("postgres-backup").get();
        assertEquals("postgres-backup", binding.getSubjects().get(0).getName());
        assertEquals("postgres-backup", binding.getRoleRef().getName());

        // a second run finds everything in place: its one write is the read-only repository check Job (the
        // guard's input), no second backup
        int writes = api.runnerWrites().size();
        Cli.Result again = configure();
        assertEquals(0, again.exit(), again.all());
        assertEquals(List.of("POST /apis/batch/v1/namespaces/hasura/jobs"),
                api.runnerWrites().subList(writes, api.runnerWrites().size()));
        assertEquals(1, pg.backups, "no second full backup");

        Cli.Result stop = cli.run("run", Cli.workflow("stop-backup"));
        assertEquals(0, stop.exit(), stop.all());
        Deployment after = deployment();
        assertEquals(original, after.getSpec().getTemplate(), "the pod template is exactly the original");
        assertTrue(after.getMetadata().getAnnotations() == null
                || !after.getMetadata().getAnnotations().containsKey("runner.dev/original-template"));
        assertNull(api.client.batch().v1().cronjobs().inNamespace(Seed.NS).withName("postgres-backup").get());
        assertNull(api.client.serviceAccounts().inNamespace(Seed.NS).withName("postgres-backup").get());
        assertNull(api.client.rbac().roles().inNamespace(Seed.NS).withName("postgres-backup").get());
        assertNull(api.client.rbac().roleBindings().inNamespace(Seed.NS).withName("postgres-backup").get());
        assertTrue(pg.commands.get(pg.commands.size() - 1).contains("show archive_mode"), pg.commands.toString());
        assertNotNull(api.client.secrets().inNamespace(Seed.NS).withName("pgbackrest-repo").get(), "credentials kept");
    }

    @Test
    void aRepositoryOfAnotherDatabaseStopsBeforeTheDeploymentCanArchiveIntoIt() {
        pg.foreignRepoPath = "/hasura/postgres";   // the repoPath configure-backup uses
        Cli.Result r = configure();
        assertEquals(1, r.exit(), r.all());
        assertTrue(r.all().contains("repository s3 /hasura/postgres (stanza main) belongs to another database: its"
                + " system identifier is 7999999999999999999"), r.all());
        assertTrue(r.all().contains("this database's is " + pg.systemId), r.all());
        assertEquals(original, deployment().getSpec().getTemplate(), "never patched: nothing archives there");
        assertTrue(api.runnerWrites().stream().noneMatch(w -> w.contains("/deployments/")), api.runnerWrites().toString());
        assertFalse(pg.stanza, "no stanza-create");
        assertEquals(0, pg.backups);
    }

    @Test
    void anArchiverImageOfAnotherMajorIsRefusedBeforeTheDeploymentIsPatched() {
        pg.imageMajor = "16";
        Cli.Result r = configure();
        assertEquals(1, r.exit(), r.all());
        assertTrue(r.all().contains("the archiver image " + IMAGE + " has PostgreSQL 16, the running server is PostgreSQL"
                + " 15"), r.all());
        assertEquals(original, deployment().getSpec().getTemplate(), "never patched");
        assertFalse(pg.stanza, "no stanza-create");
    }

    @Test
    void anOutOfSkewKubectlImageIsRefusedBeforeAnythingChanges() {
        Cli.Result r = cli.run("run", Cli.workflow("configure-backup"), "-p", "image=" + IMAGE, "-p",
                "s3Bucket=acme-backups", "-p", "kubectlImage=registry.k8s.io/kubectl:v1.28.3");
        assertEquals(1, r.exit(), r.all());
        assertTrue(r.all().contains("kubectl image registry.k8s.io/kubectl:v1.28.3 is 1.28, the API server is v1.31.4"),
                r.all());
        assertEquals(List.of(), api.runnerWrites());
    }

    @Test
    void aCollationLibraryThatDiffersFromTheDatabasesIsAWarning() {
        pg.imageGlibc = "2.41";
        Cli.Result r = configure();
        assertEquals(0, r.exit(), r.all());
        assertTrue(r.all().contains("warning: the archiver image has glibc 2.41, the database's collation was recorded"
                + " with 2.36 (pg_database.datcollversion)"), r.all());
    }

    @Test
    void stopWithDeleteCredentialsRemovesThem() {
        assertEquals(0, configure().exit());
        Cli.Result stop = cli.run("run", Cli.workflow("stop-backup"), "-p", "deleteCredentials=true");
        assertEquals(0, stop.exit(), stop.all());
        assertNull(api.client.secrets().inNamespace(Seed.NS).withName("pgbackrest-repo").get());
        assertNull(api.client.secrets().inNamespace(Seed.NS).withName("pgbackrest-repo-files").get());
        assertNull(api.client.configMaps().inNamespace(Seed.NS).withName("pgbackrest-repo").get());
        assertEquals(original, deployment().getSpec().getTemplate());
    }

    @Test
    void aMissingCredentialStopsBeforeAnythingChanges() {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.remove("AWS_ACCESS_KEY_ID");
        env.remove("AWS_SECRET_ACCESS_KEY");
        Cli bare = new Cli(env, "--kubeconfig", dir.resolve("kubeconfig").toString(), "--state-dir",
                dir.resolve("state2").toString());
        Cli.Result r = bare.run("run", Cli.workflow("configure-backup"), "-p", "image=" + IMAGE, "-p",
                "s3Bucket=acme-backups");
        assertEquals(1, r.exit(), r.all());
        assertTrue(r.all().contains("s3Key") && r.all().contains("s3KeySecret"), r.all());
        assertEquals(List.of(), api.runnerWrites());
        assertEquals(original, deployment().getSpec().getTemplate());
    }

    private static Set<String> secretKeys(io.fabric8.kubernetes.api.model.Secret s) {
        Set<String> keys = new java.util.TreeSet<>();
        if (s.getData() != null) {
            keys.addAll(s.getData().keySet());
        }
        if (s.getStringData() != null) {
            keys.addAll(s.getStringData().keySet());
        }
        return keys;
    }

    private Deployment deployment() {
        return api.client.apps().deployments().inNamespace(Seed.NS).withName("postgres").get();
    }

    private static EnvFromSource ref(boolean configMap) {
        EnvFromSourceBuilder b = new EnvFromSourceBuilder();
        return configMap ? b.withNewConfigMapRef().withName("pgbackrest-repo").endConfigMapRef().build()
                : b.withNewSecretRef().withName("pgbackrest-repo").endSecretRef().build();
    }
}
