package dev.runner.workflows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** verify-backup.yaml through the real CLI: the Job's VERIFY_RESULT becomes step outputs, the summary and JSON show it. */
class VerifyBackupWorkflowTest {
    @TempDir
    Path dir;
    MockApi api;
    FakePostgres pg;
    FakeController controller;
    Cli cli;

    @BeforeEach
    void cluster() {
        pg = FakePostgres.install(ConfigureStopBackupTest.IMAGE, dir);
        pg.stanza = true;
        pg.backups = 2;
        api = new MockApi("prod");
        controller = new FakeController(api, Seed.NS, pg);
        cli = new Cli(new HashMap<>(System.getenv()), "--kubeconfig", MockApi.kubeconfig(dir, Seed.NS, api).toString(),
                "--state-dir", dir.resolve("state").toString());
    }

    @AfterEach
    void close() throws Exception {
        controller.close();
        api.close();
    }

    @Test
    void theResultIsReportedInTheSummaryAndAsJsonOutputs() {
        Cli.Result r = cli.run("run", Cli.workflow("verify-backup"), "-p", "checkSql=select count(*) from orders",
                "-p", "expect=1042");
        assertEquals(0, r.exit(), r.all());
        String line = "backup 20261120-020000F verified in 7s: restored, recovered, checkSql answered '1042' (ok=true,"
                + " Job verify-backup)";
        assertTrue(r.out().contains("report: " + line), r.out());
        String summary = r.out().substring(r.out().indexOf("summary:"));
        assertTrue(summary.lines().anyMatch(l -> l.contains("report") && l.endsWith(line)), summary);
        assertNull(api.client.batch().v1().jobs().inNamespace(Seed.NS).withName("verify-backup").get(), "cleaned up");

        pg.verifyAnswer = "1043";
        Cli.Result json = cli.run("run", Cli.workflow("verify-backup"), "-o", "json");
        assertEquals(0, json.exit(), json.all());
        JsonNode verify = json.out().lines().map(l -> JsonMapper.builder().build().readTree(l))
                .filter(n -> n.path("event").asString().equals("step-finished") && n.path("step").asString().equals("verify"))
                .findFirst().orElseThrow(() -> new AssertionError(json.out()));
        JsonNode out = verify.path("outputs");
        assertEquals("true", out.path("result.ok").asString(), verify.toString());
        assertEquals("7", out.path("result.seconds").asString());
        assertEquals("1043", out.path("result.result").asString());
        assertEquals("20261120-020000F", out.path("result.backupSet").asString());
        assertEquals("verify-backup", out.path("job").asString());

        String history = api.client.configMaps().inNamespace(Seed.NS).withName("runner-verify-postgres").get().getData()
                .get("history.jsonl");
        assertEquals(2, history.lines().count(), "both drills kept: " + history);
        assertTrue(history.lines().allMatch(l -> l.contains("\"ok\":true") && l.contains("\"finished\":")), history);
    }

    @Test
    void aFailedVerificationFailsTheRunWithTheJobsLog() {
        controller.jobOutcome = j -> false;
        pg.verifyOk = false;
        pg.verifyAnswer = "7";
        Cli.Result r = cli.run("run", Cli.workflow("verify-backup"), "-p", "expect=1042", "-p", "target=shop-db");
        assertEquals(1, r.exit(), r.all());
        assertTrue(r.all().contains("Job verify-backup failed: BackoffLimitExceeded"), r.all());
        assertTrue(r.all().contains("VERIFY_RESULT={"), "the Job's log tail is shown: " + r.all());
        assertTrue(r.all().contains("the restore drill of Job verify-backup failed: expected '1042' (recorded in"
                + " ConfigMap runner-verify-shop-db)"), r.all());
        String history = api.client.configMaps().inNamespace(Seed.NS).withName("runner-verify-shop-db").get().getData()
                .get("history.jsonl");
        assertTrue(history.contains("\"ok\":false") && history.contains("\"result\":\"7\""), history);
    }
}
