package dev.runner.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped repository templates (k8s/backup/*-secret.yaml) applied with hostile values: every value must reach
 * the Secret byte for byte, because the passphrase written down is the one a restore will be asked for.
 */
class SecretBytesTest {
    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (String type : List.of("s3", "azure", "gcs", "posix")) {
            for (String value : HostileValues.all()) {
                out.add(Arguments.of(type, value));
            }
        }
        return out.stream();
    }

    @TempDir
    Path dir;
    MockCluster cluster;
    TestContext ctx;

    @BeforeEach
    void setUp() throws Exception {
        cluster = new MockCluster("a");
        ctx = new TestContext(Map.of("kubeconfig", MockCluster.kubeconfig(dir, "hasura", cluster).toString()));
        // the module's directory: the shipped templates are in backup/
        ctx.baseDir = Path.of("").toAbsolutePath();
    }

    @AfterEach
    void tearDown() throws Exception {
        ctx.close();
        cluster.close();
    }

    @ParameterizedTest(name = "{0}: value #{index}")
    @MethodSource("cases")
    void everySecretValueReachesTheSecretByteIdentical(String type, String value) throws Exception {
        Map<String, Object> vars = new LinkedHashMap<>();
        for (String name : List.of("stanza", "repoPath", "s3Bucket", "s3Region", "s3Endpoint", "s3UriStyle",
                "azureAccount", "azureContainer", "azureEndpoint", "azureUriStyle", "azureKeyType", "gcsBucket",
                "gcsEndpoint", "gcsKeyType", "verifyTls", "caFile", "cipherType", "retentionFull", "compressType",
                "processMax", "startFast", "logLevel")) {
            vars.put(name, "x");
        }
        vars.put("namespace", "hasura");
        for (String secret : List.of("s3Key", "s3KeySecret", "azureKey", "gcsKeyJson", "cipherPass")) {
            vars.put(secret, value);
        }
        new ApplyStep().run(ctx.next().with("file", List.of("backup/" + type + "-secret.yaml")).with("vars", vars));

        List<Secret> secrets = cluster.client.secrets().inNamespace("hasura").list().getItems();
        assertFalse(secrets.isEmpty());
        for (Secret s : secrets) {
            for (var e : (s.getData() == null ? Map.<String, String>of() : s.getData()).entrySet()) {
                String stored = new String(Base64.getDecoder().decode(e.getValue()), StandardCharsets.UTF_8);
                assertEquals(value, stored, s.getMetadata().getName() + " key " + e.getKey());
            }
        }
    }
}
