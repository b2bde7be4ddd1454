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
    /** Values a passphrase, key or key file may really hold; each was mangled or refused by text templating. */
    static List<String> hostileValues() {
        List<String> v = new ArrayList<>(List.of(
                "ab\\tcd", // backslash-t typed by a user: 6 characters, not a TAB
                "x\\ny",
                "back\\\\slash\\",
                "say \"hi\" \\s",
                "it's 'quoted'",
                "a # not a comment",
                "key: value",
                "${vars.namespace} ${HOME} $${vars.cipherPass}",
                "  leading and trailing spaces  ",
                "real\ttab and\nreal newline\n",
                "pässwörd-日本語-🔑",
                "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nBKcwggSjAgEAAoIBAQC7\n-----END PRIVATE KEY-----\n",
                "{\n  \"type\": \"service_account\",\n  \"private_key\": \"-----BEGIN PRIVATE KEY-----\\nAA==\\n-----END"
                        + " PRIVATE KEY-----\\n\",\n  \"client_email\": \"x@y.iam.gserviceaccount.com\"\n}\n",
                "- [a, b]\n? c\n: d\n&anchor *alias !tag |"));
        StringBuilder big = new StringBuilder();
        for (int i = 0; big.length() < 4096; i++) {
            big.append("line ").append(i).append(": \"text\" \\ # ${x}\n");
        }
        v.add(big.toString());
        return v;
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (String type : List.of("s3", "azure", "gcs", "posix")) {
            for (String value : hostileValues()) {
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
            for (var e : s.getData().entrySet()) {
                String stored = new String(Base64.getDecoder().decode(e.getValue()), StandardCharsets.UTF_8);
                assertEquals(value, stored, s.getMetadata().getName() + " key " + e.getKey());
            }
        }
    }
}
