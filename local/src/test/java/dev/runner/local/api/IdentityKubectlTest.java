package dev.runner.local.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * ServiceAccount tokens, RBAC and Pod Security admission as the real kubectl sees them, against the API server alone
 * (no kubelet): what kubectl prints and its exit codes are the assertions.
 */
class IdentityKubectlTest {
    private static final String ADMIN = "local-test-admin";
    @TempDir
    static Path dir;
    private static ApiServer api;
    private static Path kubeconfig;

    record Run(int code, String out, String err) {}

    @BeforeAll
    static void start() throws Exception {
        api = new ApiServer(0, ADMIN);
        kubeconfig = dir.resolve("kubeconfig");
        Files.writeString(kubeconfig, "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: "
                + api.secureUrl() + "\n    certificate-authority: " + api.caCertificate() + "\nusers:\n- name: admin\n  user:\n    token: " + ADMIN + "\ncontexts:\n- name: c\n"
                + "  context:\n    cluster: c\n    user: admin\ncurrent-context: c\n");
        kubectl(0, "create", "namespace", "app");
        Path rbac = dir.resolve("rbac.yaml");
        // the shipped backup CronJob's RBAC (k8s/backup-cronjob.yaml), with its variables filled in
        Files.writeString(rbac, """
                apiVersion: v1
                kind: ServiceAccount
                metadata: {name: backup, namespace: app}
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: Role
                metadata: {name: backup, namespace: app}
                rules:
                  - apiGroups: [apps]
                    resources: [deployments]
                    resourceNames: [postgres]
                    verbs: [get]
                  - apiGroups: [""]
                    resources: [pods]
                    verbs: [get, list]
                  - apiGroups: [""]
                    resources: [pods/exec]
                    verbs: [create, get]
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: RoleBinding
                metadata: {name: backup, namespace: app}
                roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: backup}
                subjects:
                  - {kind: ServiceAccount, name: backup, namespace: app}
                """);
        kubectl(0, "create", "-f", rbac.toString(), "--validate=false");
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.close();
        }
    }

    static Run kubectl(int expect, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectInput(new File("/dev/null"))
                .redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err").toFile()).start();
        boolean done = p.waitFor(30, TimeUnit.SECONDS);
        p.destroyForcibly();
        assertTrue(done, "kubectl " + String.join(" ", args) + " hung");
        Run r = new Run(p.exitValue(), Files.readString(dir.resolve("out")), Files.readString(dir.resolve("err")));
        if (expect >= 0) {
            assertEquals(expect, r.code(), "kubectl " + String.join(" ", args) + ":\n" + r.out() + r.err());
        }
        return r;
    }

    @Test
    void canIAnswersForTheServiceAccountFromItsRole() throws Exception {
        String as = "--as=system:serviceaccount:app:backup";
        assertEquals("yes\n", kubectl(0, "auth", "can-i", "create", "pods", "--subresource=exec", "-n", "app", as).out());
        assertEquals("yes\n", kubectl(0, "auth", "can-i", "get", "deployments.apps/postgres", "-n", "app", as).out());
        assertEquals("no\n", kubectl(1, "auth", "can-i", "get", "deployments.apps/other", "-n", "app", as).out());
        assertEquals("no\n", kubectl(1, "auth", "can-i", "get", "pods", "--subresource=log", "-n", "app", as).out());
        assertEquals("no\n", kubectl(1, "auth", "can-i", "create", "pods", "--subresource=exec", "-n", "default",
                as).out());
        assertEquals("no\n", kubectl(1, "auth", "can-i", "delete", "pods", "-n", "app", as).out());
        assertEquals("yes\n", kubectl(0, "auth", "can-i", "delete", "nodes").out(), "the kubeconfig user is admin");
        String list = kubectl(0, "auth", "can-i", "--list", "-n", "app", as).out();
        assertTrue(list.contains("pods/exec") && list.contains("[postgres]"), list);
        assertTrue(kubectl(0, "auth", "whoami", as).out().contains("system:serviceaccount:app:backup"));
    }

    @Test
    void theServiceAccountsOwnTokenGetsTheRealForbiddenMessage() throws Exception {
        String token = kubectl(0, "create", "token", "backup", "-n", "app").out().trim();
        assertEquals(3, token.split("\\.").length, token);
        Run denied = kubectl(1, "--token=" + token, "delete", "pod", "p", "-n", "app");
        assertEquals("Error from server (Forbidden): pods \"p\" is forbidden: User \"system:serviceaccount:app:backup\" "
                + "cannot delete resource \"pods\" in API group \"\" in the namespace \"app\"\n", denied.err());
        Run secrets = kubectl(1, "--token=" + token, "get", "secrets", "-n", "app");
        assertTrue(secrets.err().contains("secrets is forbidden: User \"system:serviceaccount:app:backup\" cannot "
                + "list resource \"secrets\" in API group \"\" in the namespace \"app\""), secrets.err());
        // what the token may do, it does
        Run pods = kubectl(0, "--token=" + token, "get", "pods", "-n", "app");
        assertTrue(pods.err().contains("No resources found in app namespace."), pods.err());
        kubectl(0, "delete", "serviceaccount", "backup", "-n", "app", "--wait=false");
        Run gone = kubectl(1, "--token=" + token, "get", "pods", "-n", "app");
        assertTrue(gone.err().contains("Unauthorized"), gone.err());
        kubectl(0, "create", "serviceaccount", "backup", "-n", "app");
        Run stillGone = kubectl(1, "--token=" + token, "get", "pods", "-n", "app");
        assertTrue(stillGone.err().contains("Unauthorized"), "a new account of the same name has a new uid");
    }

    @Test
    void podSecurityRefusesAndWarnsFromNamespaceLabels() throws Exception {
        kubectl(0, "create", "namespace", "locked");
        kubectl(0, "label", "namespace", "locked", "pod-security.kubernetes.io/enforce=restricted",
                "pod-security.kubernetes.io/warn=restricted");
        Run refused = kubectl(1, "run", "x", "-n", "locked", "--image=busybox", "--restart=Never");
        assertEquals("Error from server (Forbidden): pods \"x\" is forbidden: violates PodSecurity "
                + "\"restricted:latest\": allowPrivilegeEscalation != false (container \"x\" must set "
                + "securityContext.allowPrivilegeEscalation=false), unrestricted capabilities (container \"x\" must "
                + "set securityContext.capabilities.drop=[\"ALL\"]), runAsNonRoot != true (pod or container \"x\" must "
                + "set securityContext.runAsNonRoot=true), seccompProfile (pod or container \"x\" must set "
                + "securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\")\n", refused.err());
        Run deploy = kubectl(0, "create", "deployment", "web", "-n", "locked", "--image=busybox");
        assertTrue(deploy.err().startsWith("Warning: would violate PodSecurity \"restricted:latest\": "
                + "allowPrivilegeEscalation != false"), deploy.err());
        assertTrue(deploy.out().contains("deployment.apps/web created"), deploy.out());
    }

    @Test
    void podsGetTheirAccountsTokenVolumeAndAMissingAccountIsRefused() throws Exception {
        kubectl(0, "run", "p", "-n", "app", "--image=busybox", "--restart=Never");
        String spec = kubectl(0, "get", "pod", "p", "-n", "app", "-o",
                "jsonpath={.spec.serviceAccountName} {.spec.containers[0].volumeMounts[0].mountPath}").out();
        assertEquals("default /var/run/secrets/kubernetes.io/serviceaccount", spec);
        assertTrue(kubectl(0, "get", "configmap", "kube-root-ca.crt", "-n", "app", "-o", "jsonpath={.data.ca\\.crt}")
                .out().startsWith("-----BEGIN CERTIFICATE-----"));
        Run missing = kubectl(1, "run", "q", "-n", "app", "--image=busybox", "--restart=Never",
                "--overrides={\"spec\":{\"serviceAccountName\":\"nobody\"}}");
        assertEquals("Error from server (Forbidden): pods \"q\" is forbidden: error looking up service account "
                + "app/nobody: serviceaccount \"nobody\" not found\n", missing.err());
    }

    @Test
    void anonymousRequestsAreRefusedButMayAskForHealth() throws Exception {
        // kubectl without credentials prompts for a password; a plain HTTPS client shows the server's answer
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (var in = Files.newInputStream(api.caCertificate())) {
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        HttpClient http = HttpClient.newBuilder().sslContext(ctx).build();
        HttpResponse<String> pods = http.send(HttpRequest.newBuilder(URI.create(api.secureUrl()
                + "/api/v1/namespaces/app/pods")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, pods.statusCode());
        assertTrue(pods.body().contains("\"message\":\"pods is forbidden: User \\\"system:anonymous\\\" cannot list "
                + "resource \\\"pods\\\" in API group \\\"\\\" in the namespace \\\"app\\\"\""), pods.body());
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(api.secureUrl() + "/healthz"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode());
    }
}
