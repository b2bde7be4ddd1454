package dev.runner.local.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.cli.Main;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kubeconfig conventions of the runner as kubectl has them (#19 item 18), against the local API server, whose RBAC
 * and impersonation are a real one's: a KUBECONFIG path list merged as kubectl merges it (the real kubectl's view of
 * the same list is the reference), and {@code --as}/{@code --as-group} and the kubeconfig user's {@code as:}.
 */
class KubeconfigConventionsTest {
    private static final String ADMIN = "kubeconfig-test-admin";
    @TempDir
    static Path dir;
    private static ApiServer api;
    private static KubernetesClient admin;

    record Result(int code, String out) {}

    @BeforeAll
    static void start() throws Exception {
        api = new ApiServer(0, ADMIN);
        admin = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfig("admin", "app", null, "")))
                .build();
        for (String ns : List.of("app", "ns-a", "ns-b")) {
            admin.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata()
                    .withName(ns).endMetadata().build()).create();
        }
        admin.resourceList(admin.getKubernetesSerialization().unmarshal("""
                apiVersion: v1
                kind: List
                items:
                  - {apiVersion: v1, kind: ServiceAccount, metadata: {name: reader, namespace: app}}
                  - {apiVersion: v1, kind: ServiceAccount, metadata: {name: writer, namespace: app}}
                  - apiVersion: rbac.authorization.k8s.io/v1
                    kind: Role
                    metadata: {name: configmaps, namespace: app}
                    rules: [{apiGroups: [""], resources: [configmaps], verbs: [get, list, create, update, patch]}]
                  - apiVersion: rbac.authorization.k8s.io/v1
                    kind: RoleBinding
                    metadata: {name: writer, namespace: app}
                    roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: configmaps}
                    subjects: [{kind: ServiceAccount, name: writer, namespace: app}]
                  - apiVersion: rbac.authorization.k8s.io/v1
                    kind: RoleBinding
                    metadata: {name: ops-group, namespace: app}
                    roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: configmaps}
                    subjects: [{apiGroup: rbac.authorization.k8s.io, kind: Group, name: ops}]
                """, io.fabric8.kubernetes.api.model.KubernetesList.class).getItems()).createOrReplace();
        Files.writeString(dir.resolve("cm.yaml"), """
                apiVersion: runner/v1
                kind: Workflow
                name: cm
                params:
                  name: {type: string}
                steps:
                  - id: write
                    type: apply
                    retry: {attempts: 1}
                    with:
                      manifest: {apiVersion: v1, kind: ConfigMap, metadata: {name: "${params.name}"}, data: {a: b}}
                """);
    }

    @AfterAll
    static void stop() {
        if (admin != null) {
            admin.close();
        }
        if (api != null) {
            api.close();
        }
    }

    @Test
    void asAServiceAccountWithoutRightsIsRefusedByRbacAndWithRightsWorks() throws Exception {
        Path kc = write("admin.yaml", kubeconfig("admin", "app", null, ""));
        Result refused = runner(Map.of(), "run", "--kubeconfig", kc.toString(), "-p", "name=as-reader",
                "--as", "system:serviceaccount:app:reader");
        assertEquals(1, refused.code(), refused.out());
        assertTrue(refused.out().contains("User \"system:serviceaccount:app:reader\" cannot")
                && refused.out().contains("configmaps"), refused.out());
        assertNull(admin.configMaps().inNamespace("app").withName("as-reader").get());

        Result allowed = runner(Map.of(), "run", "--kubeconfig", kc.toString(), "-p", "name=as-writer",
                "--as", "system:serviceaccount:app:writer");
        assertEquals(0, allowed.code(), allowed.out());
        assertNotNull(admin.configMaps().inNamespace("app").withName("as-writer").get());
    }

    @Test
    void asGroupAddsTheGroupsRightsAndNeedsAUser() throws Exception {
        Path kc = write("admin-g.yaml", kubeconfig("admin", "app", null, ""));
        Result withGroup = runner(Map.of(), "run", "--kubeconfig", kc.toString(), "-p", "name=as-ops",
                "--as", "someone", "--as-group", "ops");
        assertEquals(0, withGroup.code(), withGroup.out());
        assertNotNull(admin.configMaps().inNamespace("app").withName("as-ops").get());
        Result noGroup = runner(Map.of(), "run", "--kubeconfig", kc.toString(), "-p", "name=as-someone",
                "--as", "someone");
        assertEquals(1, noGroup.code(), noGroup.out());
        assertTrue(noGroup.out().contains("User \"someone\" cannot"), noGroup.out());
        Result groupOnly = runner(Map.of(), "run", "--kubeconfig", kc.toString(), "-p", "name=group-only",
                "--as-group", "ops");
        assertEquals(1, groupOnly.code(), groupOnly.out());
        assertTrue(groupOnly.out().contains("need a user to impersonate"), groupOnly.out());
    }

    @Test
    void theKubeconfigUsersAsIsUsedAndTheFlagWinsOverIt() throws Exception {
        Path kc = write("as-reader.yaml", kubeconfig("admin", "app", null,
                "    as: system:serviceaccount:app:reader\n"));
        Result refused = runner(Map.of(), "run", "--kubeconfig", kc.toString(), "-p", "name=kc-as-reader");
        assertEquals(1, refused.code(), refused.out());
        assertTrue(refused.out().contains("User \"system:serviceaccount:app:reader\" cannot"), refused.out());
        // the real kubectl reads the same file the same way
        assertEquals("no\n", kubectl(Map.of(), "--kubeconfig", kc.toString(), "auth", "can-i", "create", "configmaps",
                "-n", "app").out());
        assertEquals("yes\n", kubectl(Map.of(), "--kubeconfig", kc.toString(), "auth", "can-i", "create", "configmaps",
                "-n", "app", "--as", "system:serviceaccount:app:writer").out());
        Result flag = runner(Map.of(), "run", "--kubeconfig", kc.toString(), "-p", "name=kc-as-writer",
                "--as", "system:serviceaccount:app:writer");
        assertEquals(0, flag.code(), flag.out());
    }

    @Test
    void aKubeconfigListIsMergedAsKubectlMergesIt() throws Exception {
        // file 1: current-context a, context a -> namespace ns-a; file 2: current-context b, and its own context a
        // (namespace ns-b), which must not replace file 1's
        Path one = write("one.yaml", kubeconfig("a", "ns-a", null, ""));
        Path two = write("two.yaml", kubeconfig("b", "ns-b", "a", ""));
        Map<String, String> env = Map.of("KUBECONFIG", one + File.pathSeparator + two);
        assertEquals("a\n", kubectl(env, "config", "current-context").out());
        String view = kubectl(env, "config", "view", "--merge", "-o",
                "jsonpath={.current-context} {.contexts[?(@.name==\"a\")].context.namespace}").out();
        assertEquals("a ns-a", view);

        Result r = runner(env, "run", "-p", "name=merged");
        assertEquals(0, r.code(), r.out());
        assertNotNull(admin.configMaps().inNamespace("ns-a").withName("merged").get(), "written in " + view);
        assertNull(admin.configMaps().inNamespace("ns-b").withName("merged").get());

        // the second file's own context is reachable by name, and files that do not exist are skipped
        Map<String, String> withMissing = Map.of("KUBECONFIG", dir.resolve("missing.yaml") + File.pathSeparator + two
                + File.pathSeparator + one);
        assertEquals("b\n", kubectl(withMissing, "config", "current-context").out());
        Result b = runner(withMissing, "run", "-p", "name=merged-b");
        assertEquals(0, b.code(), b.out());
        assertNotNull(admin.configMaps().inNamespace("ns-b").withName("merged-b").get());

        // a file with only a context (and the current-context) uses the cluster and user another file defines
        Path split = write("split.yaml", "apiVersion: v1\nkind: Config\ncontexts:\n- name: split\n"
                + "  context: {cluster: c, user: u, namespace: ns-b}\ncurrent-context: split\n");
        Map<String, String> splitEnv = Map.of("KUBECONFIG", split + File.pathSeparator + one);
        assertEquals("split\n", kubectl(splitEnv, "config", "current-context").out());
        Result s = runner(splitEnv, "run", "-p", "name=merged-split");
        assertEquals(0, s.code(), s.out());
        assertNotNull(admin.configMaps().inNamespace("ns-b").withName("merged-split").get());
    }

    /**
     * A kubeconfig for the API server with context {@code current} (namespace {@code ns}) as its current context,
     * plus, when {@code extra} is not null, a context of that name with the same namespace.
     */
    private static String kubeconfig(String current, String ns, String extra, String userExtra) {
        String ctx = "- name: " + current + "\n  context: {cluster: c, user: u, namespace: " + ns + "}\n";
        if (extra != null) {
            ctx += "- name: " + extra + "\n  context: {cluster: c, user: u, namespace: " + ns + "}\n";
        }
        return "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: " + api.secureUrl()
                + "\n    certificate-authority: " + api.caCertificate() + "\nusers:\n- name: u\n  user:\n    token: "
                + ADMIN + "\n" + userExtra + "contexts:\n" + ctx + "current-context: " + current + "\n";
    }

    private static Path write(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    private static Result runner(Map<String, String> env, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add(1, dir.resolve("cm.yaml").toString());
        Map<String, String> vars = new HashMap<>(env);
        vars.put("RUNNER_STATE_DIR", dir.resolve("state").toString());
        vars.putIfAbsent("KUBECONFIG", dir.resolve("none").toString());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        int code = Main.run(all.toArray(String[]::new), out, out, vars);
        return new Result(code, bytes.toString(StandardCharsets.UTF_8));
    }

    private static Result kubectl(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("kubectl"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(new File("/dev/null"))
                .redirectOutput(dir.resolve("kubectl.out").toFile()).redirectError(dir.resolve("kubectl.err").toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "kubectl " + cmd + " hung");
        return new Result(p.exitValue(), Files.readString(dir.resolve("kubectl.out")));
    }
}
