package dev.runner.local.datapath;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.local.pg.PgNode;
import dev.runner.local.pg.PgTools;
import dev.runner.local.pg.RepoTemplates;
import dev.runner.local.proc.Command;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The k8s/backup templates rendered as a workflow does and handed to pgBackRest through the entrypoint: every
 * key is an option pgBackRest knows, with a value it accepts, for all four repo types. GCS has no local
 * emulator, so its check is that pgBackRest reads the mounted service-account key and gets as far as asking
 * the (here unreachable) token endpoint.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RepoTemplatesTest {
    private static final Duration T = Duration.ofSeconds(60);
    private PgTools tools;
    private RepoTemplates templates;
    private Path work;

    @BeforeAll
    void setUp() throws Exception {
        tools = PgTools.locate();
        RequiredTools.require(tools.missing());
        templates = new RepoTemplates(tools.repoRoot());
        work = tools.ownedDir(Files.createTempDirectory("runner-templates-"));
    }

    Map<String, String> params(String repoPath) throws Exception {
        Map<String, String> p = new HashMap<>(Map.of("namespace", "hasura", "stanza", "main", "repoPath", repoPath,
                "retentionFull", "3", "compressType", "zst", "processMax", "2", "startFast", "n", "logLevel", "warn",
                "verifyTls", "y", "caFile", ""));
        p.putAll(Map.of("cipherType", "aes-256-cbc", "cipherPass", "pass phrase with spaces",
                "s3Bucket", "b", "s3Region", "eu-west-1", "s3Endpoint", "localhost:1", "s3UriStyle", "path",
                "s3Key", "AKIDEXAMPLE", "s3KeySecret", "wJalrXUtnFEMI/K7MDENG"));
        p.putAll(Map.of("azureAccount", "acct", "azureContainer", "c", "azureEndpoint", "localhost:1",
                "azureUriStyle", "path", "azureKeyType", "shared", "azureKey", Base64.getEncoder().encodeToString(new byte[64])));
        p.putAll(Map.of("gcsBucket", "b", "gcsEndpoint", "localhost:1", "gcsKeyType", "service", "gcsKeyJson", serviceKey()));
        return p;
    }

    /** A syntactically real service-account key (fresh RSA key) whose token endpoint is a closed local port. */
    static String serviceKey() throws Exception {
        var kp = KeyPairGenerator.getInstance("RSA");
        kp.initialize(2048);
        String b64 = Base64.getEncoder().encodeToString(kp.generateKeyPair().getPrivate().getEncoded());
        StringBuilder pem = new StringBuilder("-----BEGIN PRIVATE KEY-----\\n");
        for (int i = 0; i < b64.length(); i += 64) pem.append(b64, i, Math.min(b64.length(), i + 64)).append("\\n");
        pem.append("-----END PRIVATE KEY-----\\n");
        return "{\"type\":\"service_account\",\"project_id\":\"p\",\"private_key_id\":\"1\",\"private_key\":\"" + pem
                + "\",\"client_email\":\"runner@p.iam.gserviceaccount.com\",\"token_uri\":\"https://localhost:1/token\"}";
    }

    Command.Result info(String type, Map<String, String> extra) throws Exception {
        Path home = work.resolve(type);
        Map<String, String> env = new LinkedHashMap<>(templates.render(type, params(home.resolve("repo").toString()))
                .mountFilesAt(tools.ownedDir(home.resolve("secret"))));
        env.put("PGBACKREST_IO_TIMEOUT", "0.2");   // the stores are unreachable on purpose: do not retry for 60 s
        env.putAll(extra);
        return new PgNode(tools, home, env).script(T, "info");
    }

    @ParameterizedTest
    @ValueSource(strings = {"s3", "azure", "gcs", "posix"})
    void everyTemplateKeyIsAValidPgBackRestOption(String type) throws Exception {
        Command.Result r = info(type, Map.of());
        assertEquals(0, r.exitCode(), r.output());
        assertFalse(r.output().contains("invalid option"), r.output());
        assertFalse(r.output().contains("ERROR: ["), "no option error: " + r.output());
        String expected = type.equals("posix") ? "missing stanza path" : "[HostConnectError] unable to connect to 'localhost:1'";
        assertTrue(r.output().contains(expected), "reached the store: " + r.output());
    }

    @Test
    void gcsReadsTheServiceKeyFromTheMountedSecret() throws Exception {
        Path home = work.resolve("gcs");
        Command.Result r = info("gcs", Map.of());
        assertTrue(Files.readString(home.resolve("secret/gcs-key.json")).contains("\"client_email\""));
        assertTrue(r.output().contains("[HostConnectError]"), "key parsed, token endpoint asked: " + r.output());
        Files.writeString(home.resolve("secret/gcs-key.json"), "{\"private_key\":\"-----BEGIN PRIVATE KEY-----\\nAA==\\n-----END PRIVATE KEY-----\\n\",\"client_email\":\"x\",\"token_uri\":\"https://localhost:1/t\"}");
        Command.Result bad = new PgNode(tools, home, Map.of()).script(Map.of("PGBACKREST_REPO1_TYPE", "gcs", "PGBACKREST_IO_TIMEOUT", "0.2",
                "PGBACKREST_REPO1_GCS_BUCKET", "b", "PGBACKREST_REPO1_GCS_KEY", home.resolve("secret/gcs-key.json").toString()), T, "info");
        assertTrue(bad.output().contains("[CryptoError]"), "a broken key is noticed: " + bad.output());
    }

    /** `runner-pg.sh env` execs env after the entrypoint's mapping: what postgres and pgBackRest would see. */
    Map<String, String> entrypointEnv(Map<String, String> env) {
        Command.Result r = new PgNode(tools, work.resolve("env"), env).script(T, "env");
        assertEquals(0, r.exitCode(), r.output());
        Map<String, String> out = new HashMap<>();
        r.output().lines().filter(l -> l.contains("=")).forEach(l -> out.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
        return out;
    }

    @Test
    void emptyValuesAreUnsetAndAwsEndpointIsDerivedFromTheRegion() throws Exception {
        Map<String, String> p = params("/pg");
        p.put("s3Endpoint", "");
        p.put("cipherType", "");
        p.put("cipherPass", "");
        Map<String, String> env = entrypointEnv(templates.render("s3", p).env());
        assertEquals("s3.eu-west-1.amazonaws.com", env.get("PGBACKREST_REPO1_S3_ENDPOINT"));
        assertFalse(env.containsKey("PGBACKREST_REPO1_CIPHER_PASS"));
        assertEquals("lz4", entrypointEnv(Map.of()).get("PGBACKREST_COMPRESS_TYPE"), "default compression");
        assertEquals("zst", env.get("PGBACKREST_COMPRESS_TYPE"), "the template's value wins");
        assertEquals("1", env.get("PGBACKREST_COMPRESS_LEVEL"), "zst at level 1 (bench/archive-throughput.sh)");
        assertFalse(entrypointEnv(Map.of()).containsKey("PGBACKREST_COMPRESS_LEVEL"), "lz4 keeps pgBackRest's level");
        assertEquals("3", entrypointEnv(Map.of("PGBACKREST_COMPRESS_TYPE", "zst", "PGBACKREST_COMPRESS_LEVEL", "3"))
                .get("PGBACKREST_COMPRESS_LEVEL"), "a level that is set wins");
        assertEquals("/dev/null", env.get("PGBACKREST_CONFIG"));
        assertEquals("y", env.get("PGBACKREST_ARCHIVE_ASYNC"));
    }

    @Test
    void legacyHasuraBackupKeysMapToPgBackRestOptions() {
        Map<String, String> env = entrypointEnv(Map.of("LEGACY_AWS_REGION", "ap-south-1",
                "LEGACY_AWS_S3_PREFIX", "s3://hasura-backups/project/pg", "LEGACY_AWS_ACCESS_KEY", "AKID",
                "LEGACY_AWS_SECRET_ACCESS_KEY", "SECRET"));
        assertEquals("s3", env.get("PGBACKREST_REPO1_TYPE"));
        assertEquals("hasura-backups", env.get("PGBACKREST_REPO1_S3_BUCKET"));
        assertEquals("/project/pg", env.get("PGBACKREST_REPO1_PATH"));
        assertEquals("ap-south-1", env.get("PGBACKREST_REPO1_S3_REGION"));
        assertEquals("s3.ap-south-1.amazonaws.com", env.get("PGBACKREST_REPO1_S3_ENDPOINT"));
        assertEquals("AKID", env.get("PGBACKREST_REPO1_S3_KEY"));
        assertEquals("SECRET", env.get("PGBACKREST_REPO1_S3_KEY_SECRET"));
        Map<String, String> both = entrypointEnv(Map.of("LEGACY_AWS_S3_PREFIX", "s3://old", "PGBACKREST_REPO1_S3_BUCKET", "new"));
        assertEquals("new", both.get("PGBACKREST_REPO1_S3_BUCKET"), "PGBACKREST_* wins over legacy keys");
        assertEquals("/", both.get("PGBACKREST_REPO1_PATH"));
    }

    @Test
    void unknownTemplateParameterIsAnError() {
        var e = assertThrows(IllegalArgumentException.class, () -> templates.render("s3", Map.of("namespace", "x")));
        assertTrue(e.getMessage().contains("unknown template variable"), e.getMessage());
    }

    /**
     * A secret value travels param → template → Secret → envFrom → the entrypoint → the process it execs (postgres,
     * and so every archive_command) byte for byte; the GCS key file likewise reaches its mounted file.
     */
    @ParameterizedTest
    @MethodSource("dev.runner.k8s.HostileValues#all")
    void aSecretValueReachesTheEnvironmentOfWhatTheEntrypointStartsByteIdentical(String value) throws Exception {
        Map<String, String> p = params("/pg");
        p.put("cipherPass", value);
        p.put("s3KeySecret", value);
        Path dir = tools.ownedDir(work.resolve("bytes"));
        Path environ = dir.resolve("environ");
        Command.Result r = new PgNode(tools, work.resolve("env"), templates.render("s3", p).env())
                .script(T, "sh", "-c", "env -0 > \"$1\"", "sh", environ.toString());
        assertEquals(0, r.exitCode(), r.output());
        Map<String, String> env = new HashMap<>();
        for (String entry : Files.readString(environ).split("\0")) {
            int eq = entry.indexOf('=');
            if (eq > 0) env.put(entry.substring(0, eq), entry.substring(eq + 1));
        }
        assertEquals(value, env.get("PGBACKREST_REPO1_CIPHER_PASS"));
        assertEquals(value, env.get("PGBACKREST_REPO1_S3_KEY_SECRET"));
        assertEquals("AKIDEXAMPLE", env.get("PGBACKREST_REPO1_S3_KEY"), "a line of another value unset nothing");

        p.put("gcsKeyJson", value);
        Map<String, String> gcs = templates.render("gcs", p).mountFilesAt(dir.resolve("files"));
        assertEquals(value, Files.readString(Path.of(gcs.get("PGBACKREST_REPO1_GCS_KEY"))));
        assertFalse(templates.render("gcs", p).env().containsKey("gcs-key.json"), "a file never goes through envFrom");
    }

    @AfterAll
    void cleanUp() throws Exception {
        if (work == null) return;
        try (Stream<Path> s = Files.walk(work)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
