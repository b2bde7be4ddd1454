package dev.runner.local.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.cli.Main;
import dev.runner.local.ImageScript;
import dev.runner.local.LocalEnvironment;
import dev.runner.local.Testbed;
import dev.runner.local.store.S3ProxyServer;
import dev.runner.local.store.TlsCert;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code runner rbac} proven on the local cluster, whose API server authorizes with RBAC: the printed Role and
 * RoleBinding, applied with kubectl, let configure-backup run to the end as a ServiceAccount holding nothing else
 * (the runner talks with that account's token); with one rule removed the same workflow is refused with the API
 * server's 403 naming the verb and resource.
 */
class RbacWorkflowTest {
    static final String BUCKET = "backups";
    static final String SA = "runner";
    static final String NS = StartingState.NS;

    @Test
    void configureBackupRunsWithExactlyThePrintedRoleAndIsRefusedWithoutOneRule() throws Exception {
        Testbed.requirePostgres();
        Testbed.requirePgbackrest();
        Path dir = Testbed.tempDir("local-rbac-workflow");
        try (LocalEnvironment env = LocalEnvironment.start(dir.resolve("clusters"), ImageScript.locate(), true,
                List.of("rbac"));
             S3ProxyServer s3 = S3ProxyServer.start(S3ProxyServer.defaultJar(), Files.createDirectories(dir.resolve("s3")),
                     TlsCert.create(dir.resolve("tls")), BUCKET)) {
            KubernetesClient admin = env.cluster("rbac").client();
            StartingState.create(admin, "pg-pw-1", "admin-pw-1");
            Pods.ready(admin, "postgres", Duration.ofMinutes(3));
            Scenario.seed(admin);

            Result printed = cli(env, dir, args(s3, "rbac", "-n", NS, "--service-account", SA), env.kubeconfig());
            assertEquals(0, printed.exit, printed.text);
            Path roles = dir.resolve("roles.yaml");
            Files.writeString(roles, printed.out);
            admin.serviceAccounts().inNamespace(NS).resource(new ServiceAccountBuilder().withNewMetadata()
                    .withName(SA).withNamespace(NS).endMetadata().build()).create();
            Testbed.kubectl(env.kubeconfig(), "apply", "-f", roles.toString());
            Path asSa = saKubeconfig(env, admin, dir);

            Result ok = cli(env, dir, args(s3, "run"), asSa);
            assertEquals(0, ok.exit, ok.text);
            assertTrue(ok.text.contains("first-backup") && ok.text.contains("succeeded"), ok.text);

            Role role = admin.rbac().roles().inNamespace(NS).withName("runner-configure-backup").get();
            List<PolicyRule> rules = new ArrayList<>(role.getRules());
            assertTrue(rules.removeIf(r -> r.getResources().equals(List.of("pods/exec"))), rules.toString());
            role.setRules(rules);
            admin.rbac().roles().inNamespace(NS).resource(role).update();

            Result refused = cli(env, dir, args(s3, "run"), asSa);
            assertEquals(1, refused.exit, refused.text);
            assertTrue(!refused.text.contains("retrying"), "a 403 is not retried: " + refused.text);
            assertTrue(refused.text.matches("(?s).*403 pods \"postgres-[a-z0-9-]+\" is forbidden: User \"system:"
                    + "serviceaccount:" + NS + ":" + SA + "\" cannot (get|create) resource \"pods/exec\" in API group"
                    + " \"\" in the namespace \"" + NS + "\".*"), refused.text);
        }
    }

    private static List<String> args(S3ProxyServer s3, String command, String... more) {
        List<String> args = new ArrayList<>(List.of(command, ImageScript.home().resolve(
                "workflows/configure-backup.yaml").toString()));
        for (String p : List.of("repoType=s3-compatible", "s3Bucket=" + BUCKET, "s3Endpoint=" + s3.endpoint(),
                "verifyTls=n", "image=runner/postgres-pgbackrest:15", "pgUser=" + StartingState.PG_USER)) {
            args.addAll(List.of("-p", p));
        }
        args.addAll(List.of(more));
        return args;
    }

    /** The admin's kubeconfig with the ServiceAccount's token (a TokenRequest) in place of the admin's. */
    private static Path saKubeconfig(LocalEnvironment env, KubernetesClient admin, Path dir) throws Exception {
        String token = admin.serviceAccounts().inNamespace(NS).withName(SA).tokenRequest(new TokenRequestBuilder()
                .withNewSpec().withExpirationSeconds(3600L).endSpec().build()).getStatus().getToken();
        String config = Files.readString(env.kubeconfig());
        assertTrue(config.contains("token: local-rbac"), config);
        Path p = dir.resolve("sa.kubeconfig");
        Files.writeString(p, config.replace("token: local-rbac", "token: " + token));
        return p;
    }

    record Result(int exit, String out, String text) {
    }

    private static Result cli(LocalEnvironment env, Path dir, List<String> args, Path kubeconfig) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of("--kubeconfig", kubeconfig.toString()));
        if (all.get(0).equals("run")) {
            all.addAll(List.of("--state-dir", dir.resolve("state").toString()));
        }
        Map<String, String> vars = new HashMap<>(System.getenv());
        vars.put("AWS_ACCESS_KEY_ID", S3ProxyServer.ACCESS_KEY);
        vars.put("AWS_SECRET_ACCESS_KEY", S3ProxyServer.SECRET_KEY);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(all.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), vars);
        String o = out.toString(StandardCharsets.UTF_8);
        String text = o + err.toString(StandardCharsets.UTF_8);
        System.out.println("$ runner " + String.join(" ", all) + "\n" + text);
        return new Result(code, o, text);
    }
}
