package dev.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One repository profile, named once, taken by the shipped workflows that carry repository settings
 * (verify-backup reads them from the Secret/ConfigMap configure-backup wrote in the cluster).
 */
class RepositoryProfileCliTest {
    private static final String KEY = "AKIA-PROFILE-TEST-KEY";
    @TempDir
    Path config;
    final Cli cli = new Cli();

    @BeforeEach
    void writeProfile() throws Exception {
        Path dir = Files.createDirectories(config.resolve("runner/repositories"));
        Files.writeString(dir.resolve("orders-s3.yaml"), """
                kind: RepositoryProfile
                name: orders-s3
                description: backups of the orders database
                settings:
                  repoType: s3-compatible
                  s3Bucket: acme-backups
                  s3Endpoint: minio.backup.svc:9000
                  repoPath: /orders
                  stanza: orders
                  cipherType: aes-256-cbc
                  retentionFull: 14
                """);
        cli.env.put("XDG_CONFIG_HOME", config.toString());
        cli.env.put("AWS_ACCESS_KEY_ID", KEY);
    }

    @Test
    void configureBackupAndRecoveryTakeTheSameProfileByNameAndThePlanSaysWhereEachSettingCameFrom() {
        String profile = config.resolve("runner/repositories/orders-s3.yaml").toString();
        for (String wf : new String[] {"configure-backup", "recovery"}) {
            cli.run("plan", "../workflows/" + wf + ".yaml", "--repository", "orders-s3", "-p", "repoPath=/cli");
            String out = cli.out + cli.err;
            assertTrue(out.contains("[from repository orders-s3 (" + profile + ":6:13)]"), wf + ":\n" + out);
            assertTrue(line(out, "  s3Bucket ").contains("acme-backups"), wf + ":\n" + out);
            assertTrue(line(out, "  stanza ").contains("[from repository orders-s3 (" + profile + ":9:11)]"), out);
            assertTrue(line(out, "  repoPath ").contains("/cli") && line(out, "  repoPath ").endsWith("[from -p]"),
                    wf + ":\n" + out);
            assertTrue(line(out, "  s3Key ").contains("***") && line(out, "  s3Key ").endsWith(
                    "[from env AWS_ACCESS_KEY_ID]"), wf + ":\n" + out);
            assertFalse(out.contains(KEY), out);
            cli.assertNoStackTrace();
        }
    }

    @Test
    void theJsonPlanCarriesEachParamsSource() {
        cli.run("plan", "--output", "json", "../workflows/recovery.yaml", "--repository", "orders-s3");
        JsonNode params = JsonMapper.shared().readTree(cli.out).get("params");
        for (JsonNode p : params) {
            String source = p.get("source").asString();
            switch (p.get("name").asString()) {
                case "s3Bucket" -> assertTrue(source.startsWith("repository orders-s3 ("), source);
                case "s3Key" -> assertEquals("env AWS_ACCESS_KEY_ID", source);
                case "namespace" -> assertEquals("default", source);
                default -> { }
            }
        }
    }

    @Test
    void aMissingProfileOrASecretInOneIsAUserErrorAndNothingRuns() throws Exception {
        assertEquals(2, cli.run("run", "../workflows/recovery.yaml", "--repository", "nosuch"));
        assertTrue(cli.err.startsWith("runner: --repository nosuch: no repository profile named 'nosuch': looked for "
                + "repositories/nosuch.yaml, " + config.resolve("runner/repositories/nosuch.yaml")), cli.err);

        Path leaky = config.resolve("leaky.yaml");
        Files.writeString(leaky, "kind: RepositoryProfile\nname: leaky\nsettings:\n  s3KeySecret: " + KEY + "x\n");
        assertEquals(2, cli.run("plan", "../workflows/recovery.yaml", "--repository", leaky.toString()));
        assertTrue(cli.err.contains(leaky + ":4:16: setting 's3KeySecret' is a secret: a repository profile is meant "
                + "to be shared and holds no secret; set the environment variable AWS_SECRET_ACCESS_KEY"), cli.err);
        assertFalse((cli.out + cli.err).contains(KEY), cli.err);
        cli.assertNoStackTrace();
    }

    private static String line(String out, String start) {
        return out.lines().filter(l -> l.startsWith(start)).findFirst().orElse("(no line " + start + ")");
    }
}
