package dev.runner.local.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.local.Testbed;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The local API server refuses and defaults what a real one refuses and defaults, seen through the real kubectl
 * (and raw HTTP where the Status body itself is the point). Each test works in a namespace of its own.
 */
class ApiStrictnessTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String ADMIN = "strictness-admin";
    static ApiServer server;
    static Kubectl kubectl;

    @BeforeAll
    static void start() throws Exception {
        server = new ApiServer(0, ADMIN);
        Path dir = Testbed.tempDir("api-strictness");
        kubectl = new Kubectl(server.secureUrl(), server.caCertificate(), ADMIN, dir);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static String ns(String name) throws Exception {
        kubectl.ok(null, "create", "namespace", name);
        return name;
    }

    private static JsonNode get(String ns, String what) throws Exception {
        return JSON.readTree(kubectl.ok(null, "-n", ns, "get", what, "-o", "json"));
    }

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: pg}
            spec:
              selector: {matchLabels: {app: pg}}
              template:
                metadata: {labels: {app: pg}}
                spec:
                  containers:
                  - name: pg
                    image: postgres:15
                    env: [{name: A, value: "1"}, {name: B, value: "2"}]
                  - {name: side, image: busybox}
            """;

    @Test
    void deploymentAndPodTemplateAreDefaultedAsTheApiServerDoes() throws Exception {
        String ns = ns("defaults-deploy");
        kubectl.ok(DEPLOYMENT, "-n", ns, "create", "-f", "-");
        JsonNode spec = get(ns, "deploy/pg").get("spec");
        assertEquals(1, spec.get("replicas").asInt());
        assertEquals("RollingUpdate", spec.at("/strategy/type").asString());
        assertEquals("25%", spec.at("/strategy/rollingUpdate/maxSurge").asString());
        assertEquals("25%", spec.at("/strategy/rollingUpdate/maxUnavailable").asString());
        assertEquals(10, spec.get("revisionHistoryLimit").asInt());
        assertEquals(600, spec.get("progressDeadlineSeconds").asInt());
        JsonNode pod = spec.at("/template/spec");
        assertEquals("Always", pod.get("restartPolicy").asString());
        assertEquals("ClusterFirst", pod.get("dnsPolicy").asString());
        assertEquals(30, pod.get("terminationGracePeriodSeconds").asInt());
        assertEquals("default-scheduler", pod.get("schedulerName").asString());
        JsonNode pg = pod.at("/containers/0");
        assertEquals("/dev/termination-log", pg.get("terminationMessagePath").asString());
        assertEquals("File", pg.get("terminationMessagePolicy").asString());
        assertEquals("IfNotPresent", pg.get("imagePullPolicy").asString(), "tagged image");
        assertEquals("Always", pod.at("/containers/1/imagePullPolicy").asString(), "untagged image means :latest");
    }

    @Test
    void jobCronJobServiceAndSecretAreDefaulted() throws Exception {
        String ns = ns("defaults-batch");
        kubectl.ok("""
                apiVersion: batch/v1
                kind: Job
                metadata: {name: once}
                spec:
                  template:
                    spec:
                      restartPolicy: Never
                      containers: [{name: c, image: busybox:1.36}]
                ---
                apiVersion: batch/v1
                kind: CronJob
                metadata: {name: nightly}
                spec:
                  schedule: "0 */6 * * *"
                  jobTemplate:
                    spec:
                      template:
                        spec:
                          restartPolicy: OnFailure
                          containers: [{name: c, image: busybox:1.36}]
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: db}
                spec:
                  selector: {app: pg}
                  ports: [{port: 5432}]
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: creds}
                stringData: {password: s3cret}
                """, "-n", ns, "create", "-f", "-");
        JsonNode job = get(ns, "job/once").get("spec");
        assertEquals(6, job.get("backoffLimit").asInt());
        assertEquals(1, job.get("completions").asInt());
        assertEquals(1, job.get("parallelism").asInt());
        assertEquals("NonIndexed", job.get("completionMode").asString());
        // the Job strategy generates the selector from the uid and labels the template with it
        String uid = get(ns, "job/once").at("/metadata/uid").asString();
        assertFalse(uid.isEmpty());
        assertEquals(uid, job.at("/selector/matchLabels/batch.kubernetes.io~1controller-uid").asString(), job.toString());
        assertEquals(uid, job.at("/template/metadata/labels/batch.kubernetes.io~1controller-uid").asString());
        assertEquals(uid, job.at("/template/metadata/labels/controller-uid").asString());
        assertEquals("once", job.at("/template/metadata/labels/batch.kubernetes.io~1job-name").asString());
        assertEquals("once", job.at("/template/metadata/labels/job-name").asString());
        JsonNode cron = get(ns, "cronjob/nightly").get("spec");
        assertEquals("Allow", cron.get("concurrencyPolicy").asString());
        assertFalse(cron.get("suspend").asBoolean());
        assertEquals(3, cron.get("successfulJobsHistoryLimit").asInt());
        assertEquals(1, cron.get("failedJobsHistoryLimit").asInt());
        JsonNode svc = get(ns, "service/db").get("spec");
        assertEquals("ClusterIP", svc.get("type").asString());
        assertEquals("None", svc.get("sessionAffinity").asString());
        assertEquals("TCP", svc.at("/ports/0/protocol").asString());
        assertEquals(5432, svc.at("/ports/0/targetPort").asInt());
        JsonNode secret = get(ns, "secret/creds");
        assertEquals("Opaque", secret.get("type").asString());
        assertEquals(Testbed.b64("s3cret"), secret.at("/data/password").asString());
        assertNull(secret.get("stringData"), "stringData is folded into data, never stored");
    }

    @Test
    void unknownFieldsAreRefusedUnderStrictAndDroppedWithAWarningUnderWarn() throws Exception {
        String ns = ns("unknown-fields");
        String withTypo = DEPLOYMENT.replace("  selector:", "  replica: 2\n  selector:");
        Kubectl.Result strict = kubectl.run(withTypo, "-n", ns, "create", "-f", "-");
        assertEquals(1, strict.code());
        assertTrue(strict.err().contains("Error from server (BadRequest)") && strict.err().contains(
                "Deployment in version \"v1\" cannot be handled as a Deployment: strict decoding error: unknown field"
                + " \"spec.replica\""), strict.all());
        assertEquals(1, kubectl.run(null, "-n", ns, "get", "deploy/pg").code(), "nothing was stored");

        Kubectl.Result warn = kubectl.run(withTypo, "-n", ns, "create", "--validate=warn", "-f", "-");
        assertEquals(0, warn.code(), warn.all());
        assertTrue(warn.err().contains("Warning: unknown field \"spec.replica\""), warn.all());
        assertNull(get(ns, "deploy/pg").get("spec").get("replica"), "the unknown field is not stored");

        Kubectl.Result refused = kubectl.run(withTypo.replace("name: pg}", "name: pg2}").replace("image: busybox",
                "image: \"\""), "-n", ns, "create", "--validate=warn", "-f", "-");
        assertEquals(1, refused.code());
        assertTrue(refused.err().contains("Warning: unknown field \"spec.replica\"")
                && refused.err().contains("Required value"), "warnings come with a refusal too: " + refused.all());
    }

    @Test
    void wrongTypesAreRefused() throws Exception {
        String ns = ns("wrong-types");
        Kubectl.Result r = kubectl.run(DEPLOYMENT.replace("  selector:", "  replicas: two\n  selector:"), "-n", ns,
                "create", "-f", "-");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("cannot unmarshal string into Go struct field spec.replicas of type int32"),
                r.all());
    }

    @Test
    void invalidObjectsAreRefusedAs422WithTheCausesInTheStatus() throws Exception {
        String ns = ns("invalid");
        String bad = DEPLOYMENT.replace("name: pg}", "name: Bad_Name}").replace("labels: {app: pg}",
                "labels: {app: other}").replace("image: busybox", "image: \"\"");
        Kubectl.Result r = kubectl.run(bad, "-n", ns, "create", "-f", "-");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("The Deployment \"Bad_Name\" is invalid"), r.all());
        assertTrue(r.err().contains("metadata.name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain"),
                r.all());
        assertTrue(r.err().contains("spec.template.metadata.labels: Invalid value: {\"app\":\"other\"}: `selector` "
                + "does not match template `labels`"), r.all());
        assertTrue(r.err().contains("spec.template.spec.containers[1].image: Required value"), r.all());

        HttpResponse<String> raw = post("/apis/apps/v1/namespaces/" + ns + "/deployments", yamlToJson(ns, bad));
        assertEquals(422, raw.statusCode());
        JsonNode status = JSON.readTree(raw.body());
        assertEquals("Status", status.get("kind").asString());
        assertEquals("Invalid", status.get("reason").asString());
        assertEquals("Deployment", status.at("/details/kind").asString());
        assertEquals("apps", status.at("/details/group").asString());
        JsonNode causes = status.at("/details/causes");
        assertEquals(3, causes.size(), raw.body());
        assertEquals("FieldValueInvalid", causes.get(0).get("reason").asString());
        assertEquals("metadata.name", causes.get(0).get("field").asString());
        assertEquals("FieldValueRequired", causes.get(2).get("reason").asString());
    }

    /** The kinds the cluster state lives in: a Lease's spec and a ConfigMap's keys and 1 MiB are validated. */
    @Test
    void leasesAndConfigMapsAreValidatedAsTheApiServerDoes() throws Exception {
        String ns = ns("state-kinds");
        String lease = """
                apiVersion: coordination.k8s.io/v1
                kind: Lease
                metadata: {name: lock}
                spec: {holderIdentity: a, leaseDurationSeconds: 15, leaseTransitions: 0,
                       renewTime: "2026-12-06T10:00:00.123456Z"}
                """;
        kubectl.ok(lease, "-n", ns, "create", "-f", "-");
        assertEquals("a", get(ns, "lease/lock").at("/spec/holderIdentity").asString());
        Kubectl.Result r = kubectl.run(lease.replace("name: lock", "name: bad").replace("15, leaseTransitions: 0",
                "0, leaseTransitions: -1"), "-n", ns, "create", "-f", "-");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0"), r.all());
        assertTrue(r.err().contains("spec.leaseTransitions: Invalid value: -1: must be greater than or equal to 0"),
                r.all());

        r = kubectl.run("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"big\"},"
                + "\"data\":{\"a\":\"" + "x".repeat(1024 * 1024) + "\",\"b/c\":\"y\"}}", "-n", ns, "create", "-f", "-");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("Too long: may not be more than 1048576 bytes"), r.err());
        assertTrue(r.err().contains("data[b/c]: Invalid value: \"b/c\": a valid config key must consist of"), r.err());
        kubectl.ok("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"fits\"},"
                + "\"data\":{\"a\":\"" + "x".repeat(1024 * 1024) + "\"}}", "-n", ns, "create", "-f", "-");
    }

    @Test
    void aRollingUpdateThatCanNeverMoveIsRefused() throws Exception {
        String ns = ns("rolling-zero");
        Kubectl.Result r = kubectl.run(DEPLOYMENT.replace("  selector:",
                "  strategy: {rollingUpdate: {maxSurge: 0, maxUnavailable: 0}}\n  selector:"), "-n", ns, "create",
                "-f", "-");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when "
                + "`maxSurge` is 0"), r.all());
    }

    @Test
    void immutableFieldsAreRefusedOnUpdate() throws Exception {
        String ns = ns("immutable");
        kubectl.ok(DEPLOYMENT, "-n", ns, "create", "-f", "-");
        Kubectl.Result selector = kubectl.run(null, "-n", ns, "patch", "deploy/pg", "--type=merge", "-p",
                "{\"spec\":{\"selector\":{\"matchLabels\":{\"app\":\"x\"}},\"template\":{\"metadata\":{\"labels\":"
                + "{\"app\":\"x\"}}}}}");
        assertEquals(1, selector.code());
        assertTrue(selector.err().contains("spec.selector: Invalid value: {\"matchLabels\":{\"app\":\"x\"}}: field is "
                + "immutable"), selector.all());

        kubectl.ok("""
                apiVersion: batch/v1
                kind: Job
                metadata: {name: once}
                spec:
                  template:
                    spec:
                      restartPolicy: Never
                      containers: [{name: c, image: busybox:1.36}]
                """, "-n", ns, "create", "-f", "-");
        Kubectl.Result template = kubectl.run(null, "-n", ns, "set", "image", "job/once", "c=busybox:1.37");
        assertEquals(1, template.code());
        assertTrue(template.err().contains("spec.template: Invalid value") && template.err().contains(
                "field is immutable"), template.all());

        kubectl.ok("""
                apiVersion: v1
                kind: Pod
                metadata: {name: p}
                spec:
                  containers: [{name: c, image: busybox:1.36, args: [sleep, "1"]}]
                """, "-n", ns, "create", "-f", "-");
        kubectl.ok(null, "-n", ns, "set", "image", "pod/p", "c=busybox:1.37"); // images may change
        Kubectl.Result args = kubectl.run(null, "-n", ns, "patch", "pod/p", "-p",
                "{\"spec\":{\"containers\":[{\"name\":\"c\",\"args\":[\"sleep\",\"2\"]}]}}");
        assertEquals(1, args.code());
        assertTrue(args.err().contains("spec: Forbidden: pod updates may not change fields other than"), args.all());
    }

    @Test
    void createOfATakenNameIsAlreadyExistsAndAStaleWriteIsAConflict() throws Exception {
        String ns = ns("conflicts");
        kubectl.ok(DEPLOYMENT, "-n", ns, "create", "-f", "-");
        Kubectl.Result again = kubectl.run(DEPLOYMENT, "-n", ns, "create", "-f", "-");
        assertEquals(1, again.code());
        assertTrue(again.err().contains("Error from server (AlreadyExists)") && again.err().contains(
                "deployments.apps \"pg\" already exists"), again.all());

        String live = kubectl.ok(null, "-n", ns, "get", "deploy/pg", "-o", "json");
        kubectl.ok(null, "-n", ns, "scale", "deploy/pg", "--replicas=2"); // moves resourceVersion on
        Kubectl.Result stale = kubectl.run(live, "-n", ns, "replace", "-f", "-");
        assertEquals(1, stale.code());
        assertTrue(stale.err().contains("Error from server (Conflict)") && stale.err().contains(
                "Operation cannot be fulfilled on deployments.apps \"pg\": the object has been modified"),
                stale.all());
    }

    @Test
    void strategicMergeJsonMergeAndJsonPatchAllApply() throws Exception {
        String ns = ns("patches");
        kubectl.ok(DEPLOYMENT, "-n", ns, "create", "-f", "-");
        long generation = get(ns, "deploy/pg").at("/metadata/generation").asLong();
        kubectl.ok(null, "-n", ns, "patch", "deploy/pg", "-p", "{\"spec\":{\"template\":{\"spec\":{\"containers\":"
                + "[{\"name\":\"pg\",\"env\":[{\"name\":\"A\",\"$patch\":\"delete\"},{\"name\":\"C\",\"value\":\"3\"}]}]}}}}");
        JsonNode spec = get(ns, "deploy/pg").get("spec");
        assertEquals("[{\"name\":\"B\",\"value\":\"2\"},{\"name\":\"C\",\"value\":\"3\"}]",
                spec.at("/template/spec/containers/0/env").toString(), "env merged by name, A deleted");
        assertEquals("side", spec.at("/template/spec/containers/1/name").asString(), "other container kept");
        kubectl.ok(null, "-n", ns, "patch", "deploy/pg", "--type=merge", "-p", "{\"spec\":{\"replicas\":2}}");
        kubectl.ok(null, "-n", ns, "patch", "deploy/pg", "--type=json", "-p",
                "[{\"op\":\"replace\",\"path\":\"/spec/template/spec/containers/0/image\",\"value\":\"postgres:16\"}]");
        JsonNode after = get(ns, "deploy/pg");
        assertEquals(2, after.at("/spec/replicas").asInt());
        assertEquals("postgres:16", after.at("/spec/template/spec/containers/0/image").asString());
        assertEquals(generation + 3, after.at("/metadata/generation").asLong(), "each spec change is a generation");
    }

    @Test
    void serverSideApplyTracksManagersAndRefusesConflictsUnlessForced() throws Exception {
        String ns = ns("apply");
        kubectl.ok(DEPLOYMENT, "-n", ns, "apply", "--server-side", "-f", "-");
        String rv = get(ns, "deploy/pg").at("/metadata/resourceVersion").asString();
        kubectl.ok(DEPLOYMENT, "-n", ns, "apply", "--server-side", "-f", "-");
        assertEquals(rv, get(ns, "deploy/pg").at("/metadata/resourceVersion").asString(), "a no-op apply writes nothing");

        String other = DEPLOYMENT.replace("postgres:15", "postgres:16");
        Kubectl.Result conflict = kubectl.run(other, "-n", ns, "apply", "--server-side", "--field-manager=ops",
                "-f", "-");
        assertEquals(1, conflict.code());
        assertTrue(conflict.err().contains("Apply failed with 1 conflict: conflict with \"kubectl\": "
                + ".spec.template.spec.containers[name=\"pg\"].image"), conflict.all());

        kubectl.ok(other, "-n", ns, "apply", "--server-side", "--field-manager=ops", "--force-conflicts", "-f", "-");
        JsonNode live = JSON.readTree(kubectl.ok(null, "-n", ns, "get", "deploy/pg", "-o", "json",
                "--show-managed-fields"));
        assertEquals("postgres:16", live.at("/spec/template/spec/containers/0/image").asString());
        String owners = live.at("/metadata/managedFields").toString();
        assertTrue(owners.contains("\"manager\":\"ops\"") && owners.contains("\"operation\":\"Apply\""), owners);

        // dropping a field from one's own configuration removes it when nobody else owns it
        kubectl.ok(other.replace("env: [{name: A, value: \"1\"}, {name: B, value: \"2\"}]",
                "env: [{name: A, value: \"1\"}]"), "-n", ns, "apply", "--server-side", "--field-manager=ops", "-f",
                "-");
        kubectl.ok(DEPLOYMENT.replace("postgres:15", "postgres:16").replace(", {name: B, value: \"2\"}", ""), "-n",
                ns, "apply", "--server-side", "-f", "-");
        assertEquals("[{\"name\":\"A\",\"value\":\"1\"}]",
                get(ns, "deploy/pg").at("/spec/template/spec/containers/0/env").toString());
    }

    @Test
    void serverSideDryRunValidatesWithoutStoring() throws Exception {
        String ns = ns("dry-run");
        String out = kubectl.ok(DEPLOYMENT, "-n", ns, "create", "--dry-run=server", "-o", "json", "-f", "-");
        assertEquals("RollingUpdate", JSON.readTree(out).at("/spec/strategy/type").asString(), "defaulted");
        assertEquals(1, kubectl.run(null, "-n", ns, "get", "deploy/pg").code(), "not stored");
        Kubectl.Result bad = kubectl.run(DEPLOYMENT.replace("image: busybox", "image: \"\""), "-n", ns, "create",
                "--dry-run=server", "-f", "-");
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("Required value"), bad.all());

        String role = "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: reader}\nrules: []\n";
        kubectl.ok(role, "-n", ns, "create", "--dry-run=server", "-f", "-");
        assertEquals(1, kubectl.run(null, "-n", ns, "get", "role/reader").code(), "a kind without a strategy: not"
                + " stored either");
    }

    @Test
    void describeShowsThePodsEventsAndGetAllListsTheWorkloads() throws Exception {
        String ns = ns("describe");
        kubectl.ok("""
                apiVersion: v1
                kind: Pod
                metadata: {name: p, labels: {app: p}}
                spec:
                  containers: [{name: c, image: busybox:1.36}]
                """, "-n", ns, "create", "-f", "-");
        kubectl.ok(DEPLOYMENT, "-n", ns, "create", "-f", "-");
        String uid = get(ns, "pod/p").at("/metadata/uid").asString();
        for (String[] e : new String[][] {{"p", uid, "Pulled", "image is there"}, {"other", "x", "Noise", "not p"}}) {
            HttpResponse<String> r = post("/api/v1/namespaces/" + ns + "/events", "{\"apiVersion\":\"v1\","
                    + "\"kind\":\"Event\",\"metadata\":{\"name\":\"" + e[0] + ".1\"},\"involvedObject\":{\"kind\":"
                    + "\"Pod\",\"namespace\":\"" + ns + "\",\"name\":\"" + e[0] + "\",\"uid\":\"" + e[1] + "\"},"
                    + "\"reason\":\"" + e[2] + "\",\"message\":\"" + e[3] + "\",\"type\":\"Normal\",\"count\":1}");
            assertEquals(201, r.statusCode() / 100 == 2 ? 201 : r.statusCode(), r.body());
        }
        String described = kubectl.ok(null, "-n", ns, "describe", "pod", "p");
        assertTrue(described.contains("Pulled") && described.contains("image is there"), described);
        assertFalse(described.contains("Noise"), "only p's events: " + described);
        assertFalse(described.contains("Events:  <none>"), described);

        String all = kubectl.ok(null, "-n", ns, "get", "all");
        assertTrue(all.contains("pod/p") && all.contains("deployment.apps/pg"), all);
        assertNotEquals("", all);
    }

    private static HttpResponse<String> post(String path, String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + path))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + ADMIN).POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String yamlToJson(String ns, String yaml) throws Exception {
        return kubectl.ok(yaml, "-n", ns, "create", "--dry-run=client", "-o", "json", "-f", "-");
    }
}
