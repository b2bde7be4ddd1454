package dev.runner.local.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.cli.Main;
import dev.runner.local.api.ApiServer;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fleets (#20 item 5) on the local API server: one workflow over three namespaces, one target made to fail by a wrong
 * param (a ConfigMap name the server refuses), exit 1 with the summary; the param fixed, {@code resume --targets}
 * runs that target only. A bad targets file is refused with file:line:col and exit 2 before anything runs.
 */
class FleetTest {
    private static final String ADMIN = "fleet-test-admin";
    @TempDir
    static Path dir;
    private static ApiServer api;
    private static KubernetesClient admin;
    private static Path kubeconfig;
    private static Path workflow;

    record Result(int code, String out) {}

    @BeforeAll
    static void start() throws Exception {
        api = new ApiServer(0, ADMIN);
        kubeconfig = dir.resolve("kubeconfig");
        Files.writeString(kubeconfig, "apiVersion: v1\nkind: Config\nclusters:\n- name: local\n  cluster:\n    server: "
                + api.secureUrl() + "\n    certificate-authority: " + api.caCertificate() + "\nusers:\n- name: admin\n"
                + "  user:\n    token: " + ADMIN + "\ncontexts:\n- name: local\n  context: {cluster: local, user: admin}\n"
                + "current-context: local\n");
        admin = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(kubeconfig))).build();
        for (String ns : List.of("shop", "blog", "wiki")) {
            admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
                    .create();
        }
        workflow = dir.resolve("config.yaml");
        Files.writeString(workflow, """
                apiVersion: runner/v1
                kind: Workflow
                name: app-config
                params:
                  namespace: {type: string}
                  configName: {type: string, default: app-config}
                  tier: {type: string, default: standard}
                steps:
                  - id: config
                    type: apply
                    retry: {attempts: 1}
                    with:
                      manifest:
                        apiVersion: v1
                        kind: ConfigMap
                        metadata: {name: "${params.configName}", namespace: "${params.namespace}"}
                        data: {tier: "${params.tier}"}
                  - id: done
                    type: log
                    needs: [config]
                    with: {message: "configured ${params.namespace}"}
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
    void oneFailingTargetExits1AndResumeRunsOnlyThatOne() throws Exception {
        Path targets = dir.resolve("targets.yaml");
        Files.writeString(targets, targetsFile("Not_A_Valid_Name"));
        Result plan = runner("plan", workflow.toString(), "--targets", targets.toString());
        assertEquals(0, plan.code(), plan.out());
        assertTrue(plan.out().contains("== target shop (shop)") && plan.out().contains("== target wiki (local/wiki)"),
                plan.out());
        Result planJson = runner("plan", workflow.toString(), "--targets", targets.toString(), "-o", "json");
        assertEquals(0, planJson.code(), planJson.out());
        assertTrue(planJson.out().startsWith("{\"targets\":[{\"name\":\"shop\",\"context\":null,\"namespace\":\"shop\""),
                planJson.out());
        assertFalse(Files.exists(dir.resolve("state").resolve("runs")), "plan writes nothing");

        Result first = runner("run", workflow.toString(), "--targets", targets.toString(), "--parallel", "2");
        assertEquals(1, first.code(), first.out());
        assertTrue(first.out().contains("[blog] failed"), first.out());
        String summary = first.out().substring(first.out().indexOf("fleet app-config"));
        assertTrue(summary.startsWith("fleet app-config (" + targets + "): 3 targets, 2 succeeded, 1 failed"), summary);
        assertTrue(row(summary, "shop").matches("shop +shop +succeeded .*"), summary);
        assertTrue(row(summary, "blog").matches("blog +blog +failed .*step config: .*Not_A_Valid_Name.*"), summary);
        assertTrue(row(summary, "wiki").matches("wiki +local/wiki +succeeded .*"), summary);
        assertTrue(summary.contains("continue with: runner resume --targets " + targets), summary);
        assertEquals("gold", admin.configMaps().inNamespace("shop").withName("app-config").get().getData().get("tier"));
        assertNotNull(admin.configMaps().inNamespace("wiki").withName("app-config").get());
        assertNull(admin.configMaps().inNamespace("blog").withName("app-config").get());
        String shopRun = runId(summary, "shop");
        String blogRun = runId(summary, "blog");

        // unchanged: resuming gets the same refusal for the failed target, the others are done
        Files.writeString(targets, targetsFile("app-config"));
        Result refused = runner("resume", "--targets", targets.toString());
        assertEquals(2, refused.code(), refused.out());
        assertTrue(row(refused.out(), "blog").contains("refused") && refused.out().contains("different params"),
                refused.out());
        Result resumed = runner("resume", "--targets", targets.toString(), "--force");
        assertEquals(0, resumed.code(), resumed.out());
        String after = resumed.out().substring(resumed.out().indexOf("fleet app-config"));
        assertTrue(after.contains("3 targets, 1 succeeded, 2 done before"), after);
        assertTrue(row(after, "shop").matches("shop +shop +done before +" + shopRun + ".*"), after);
        assertTrue(row(after, "blog").matches("blog +blog +succeeded .*" + blogRun + ".*"), after);
        assertFalse(resumed.out().contains("[shop] step") || resumed.out().contains("[wiki] step"), resumed.out());
        assertTrue(resumed.out().contains("[blog] step config"), resumed.out());
        assertNotNull(admin.configMaps().inNamespace("blog").withName("app-config").get());

        Result again = runner("resume", "--targets", targets.toString());
        assertEquals(0, again.code(), again.out());
        assertTrue(again.out().contains("3 targets, 3 done before"), again.out());
    }

    @Test
    void aBadTargetsFileIsRefusedWithItsPositionsAndNothingRuns() throws Exception {
        Path bad = dir.resolve("bad-targets.yaml");
        Files.writeString(bad, """
                apiVersion: runner/v1
                kind: Targets
                targets:
                  - name: one
                    namespace: shop
                    parms: {tier: x}
                  - name: two
                    namespace: blog
                    params: {tierr: gold}
                  - name: one
                    namespace: wiki
                """);
        Path state = dir.resolve("bad-state");
        Result r = runner(state, "run", workflow.toString(), "--targets", bad.toString());
        assertEquals(2, r.code(), r.out());
        assertTrue(r.out().contains(bad + ":6:5: unknown key 'parms' (did you mean 'params'?)"), r.out());
        assertFalse(Files.exists(state.resolve("runs")), "nothing may run: " + r.out());

        Files.writeString(bad, """
                apiVersion: runner/v1
                kind: Targets
                targets:
                  - name: one
                    namespace: shop
                  - name: two
                    namespace: blog
                    params: {tierr: gold}
                  - name: one
                    namespace: shop
                """);
        Result semantic = runner(state, "run", workflow.toString(), "--targets", bad.toString());
        assertEquals(2, semantic.code(), semantic.out());
        assertTrue(semantic.out().contains(bad + ":8:14: unknown parameter 'tierr'")
                && semantic.out().contains("did you mean 'tier'"), semantic.out());
        assertTrue(semantic.out().contains(bad + ":9:11: target 'one' is named twice"), semantic.out());
        assertTrue(semantic.out().contains("two runs would drive the same database"), semantic.out());
        assertFalse(Files.exists(state.resolve("runs")), "nothing may run: " + semantic.out());
    }

    private static String targetsFile(String blogConfigName) {
        return "apiVersion: runner/v1\nkind: Targets\nparams: {tier: silver}\ntargets:\n"
                + "  - {name: shop, namespace: shop, params: {tier: gold}}\n"
                + "  - {name: blog, namespace: blog, params: {configName: " + blogConfigName + "}}\n"
                + "  - {name: wiki, context: local, namespace: wiki}\n";
    }

    private static String row(String text, String target) {
        return text.lines().filter(l -> l.startsWith(target + " ")).reduce((a, b) -> b).orElse("(no row)");
    }

    private static String runId(String summary, String target) {
        Matcher m = Pattern.compile("(\\d{8}-\\d{6}-[0-9a-f]+)").matcher(row(summary, target));
        assertTrue(m.find(), summary);
        return m.group(1);
    }

    private static Result runner(String... args) {
        return runner(dir.resolve("state"), args);
    }

    private static Result runner(Path state, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--kubeconfig", kubeconfig.toString()));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        int code = Main.run(all.toArray(String[]::new), out, out, Map.of("RUNNER_STATE_DIR", state.toString()));
        return new Result(code, bytes.toString(StandardCharsets.UTF_8));
    }
}
