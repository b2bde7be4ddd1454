package dev.runner.local.datapath;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.local.pg.PgNode;
import dev.runner.local.pg.PgTools;
import dev.runner.local.pg.RepoTemplates;
import dev.runner.local.proc.Command;
import dev.runner.local.store.TlsCert;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * The backup data path for real, against one object store: PostgreSQL 15 archiving with pgBackRest through
 * k8s/image/runner-pg.sh, configured only by the env rendered from k8s/backup/<type>-*.yaml; a full backup,
 * writes with a named restore point, an xid, an LSN and a time recorded between them; then restores into fresh
 * data dirs, each compared row for row with what the source had at that target.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BackupRestoreSuite {
    static final String STANZA = "runner-test";
    static final Duration CMD = Duration.ofMinutes(3);

    protected PgTools tools;
    protected Path work;
    protected TlsCert cert;
    protected Map<String, String> repoEnv;
    protected PgNode source;
    protected final Map<String, Target> targets = new HashMap<>();
    private final List<AutoCloseable> closeLater = new ArrayList<>();

    /** The repo type of the k8s/backup templates this suite renders. */
    abstract String repoType();

    /** Starts the store and returns the template parameters that point at it (bucket/container, endpoint, keys). */
    abstract Map<String, String> startStore(Path dir, TlsCert cert) throws IOException;

    /** The targets to restore to (each restore costs a few seconds). */
    abstract List<String> restoreTargets();

    @BeforeAll
    void backUpAndWrite() throws Exception {
        tools = PgTools.locate();
        RequiredTools.require(tools.missing());
        RequiredTools.require(Command.run(List.of("sh", "-c", "command -v openssl"), null, null, CMD).ok(), "openssl");
        work = tools.ownedDir(Files.createTempDirectory("runner-datapath-"));
        cert = TlsCert.create(work.resolve("tls"));
        Map<String, String> params = new HashMap<>(Map.of(
                "namespace", "hasura", "stanza", STANZA, "repoPath", "/runner/" + repoType(),
                "retentionFull", "2", "compressType", "lz4", "processMax", "2", "startFast", "y",
                "logLevel", "", "verifyTls", "y", "caFile", cert.certPem().toString()));
        params.put("cipherType", "aes-256-cbc");
        params.put("cipherPass", "test-cipher-passphrase");
        params.putAll(startStore(work.resolve("store"), cert));
        repoEnv = new RepoTemplates(tools.repoRoot()).render(repoType(), params).mountFilesAt(work.resolve("repo-files"));

        source = node("source");
        mark("store + templates");
        source.start(archiveArgs());
        mark("initdb + start");
        ok(source.script(CMD, "stanza-create"));
        ok(source.script(CMD, "check"));
        mark("stanza-create + check");
        source.sql("create table t(id int primary key, note text); insert into t select g, 'a' from generate_series(1,100) g");
        ok(source.script(CMD, "backup", "full"));
        assertTrue(ok(source.script(CMD, "info", "--output=json")).contains("\"label\""), "info lists the backup");
        mark("full backup + info");
        // pgBackRest stamps the backup's stop in whole seconds, after its last WAL is archived: a time target taken
        // within that second can lie "before" the backup, and pgBackRest then finds no backup set for it.
        Thread.sleep(1100);

        source.sql("insert into t select g, 'b' from generate_series(101,200) g");
        source.sql("select pg_create_restore_point('before-c')");
        record("name", "name", "before-c", 200);
        String xid = source.sql("insert into t select g, 'c' from generate_series(201,300) g; select txid_current()");
        record("xid", "xid", xid, 300);
        source.sql("insert into t select g, 'd' from generate_series(301,400) g");
        record("lsn", "lsn", source.sql("select pg_current_wal_insert_lsn()"), 400);
        source.sql("insert into t select g, 'e' from generate_series(401,500) g");
        String time = source.sql("select clock_timestamp()");
        record("time", "time", time, 500);
        source.sql("select pg_sleep(0.05); insert into t select g, 'f' from generate_series(501,600) g");
        record("latest", "default", "", 600);
        ok(source.script(CMD, "check"));   // switches WAL and waits until it is archived
        mark("writes + targets + check");
    }

    @TestFactory
    Stream<DynamicTest> restoresEachTargetExactly() {
        return restoreTargets().stream().map(name -> DynamicTest.dynamicTest("restore to " + name, () -> {
            Target t = targets.get(name);
            try (PgNode restored = restore(t, "r-" + name)) {
                assertEquals(t.snapshot(), snapshot(restored), "rows at target " + name + " (" + t.value() + ")");
            }
        }));
    }

    /** The initContainer runs again on every pod start: the marker must keep the restored database. */
    @Test
    void restartedRestoreKeepsTheRestoredDatabase() throws IOException {
        Target t = targets.get("latest");
        try (PgNode node = restore(t, "restart")) {
            node.sql("insert into t values (9999, 'after restore')");
            node.stop();
            // A crashed pod leaves its postmaster.pid; this one names a live process that is not postgres.
            Files.writeString(node.dataDir().resolve("postmaster.pid"), ProcessHandle.current().pid() + "\n" + node.dataDir() + "\n");

            Command.Result again = node.script(restoreEnv(t), CMD, "restore");
            ok(again);
            assertTrue(again.output().contains("already done"), again.output());
            node.start(List.of());
            assertEquals("after restore", node.sql("select note from t where id = 9999"), "row written after the restore survives");
            node.stop();

            Command.Result noRequest = node.script(Map.of("RESTORE_ID", ""), CMD, "restore");
            assertEquals(2, noRequest.exitCode(), noRequest.output());
            assertTrue(noRequest.output().contains("no restore request"), noRequest.output());
            Command.Result other = node.script(Map.of("RESTORE_ID", "another-request"), CMD, "restore");
            assertEquals(2, other.exitCode(), other.output());
            assertTrue(other.output().contains("RESTORE_DELTA=y"), other.output());

            node.start(List.of());
            assertEquals("601", node.sql("select count(*) from t"), "refused restores changed nothing");
        }
    }

    @Test
    void failedRestoreExitsNonZeroWithPgBackRestsError() {
        PgNode node = node("r-bad-set");
        Command.Result r = node.script(Map.of("RESTORE_ID", "bad", "RESTORE_SET", "20000101-000000F"), CMD, "restore");
        assertTrue(r.exitCode() != 0, r.output());
        assertTrue(r.output().contains("ERROR: ["), "pgBackRest's error is shown: " + r.output());
        assertTrue(r.output().contains("pgbackrest restore failed"), r.output());
    }

    // ---------------------------------------------------------------------------------------------------------

    /** The Deployment's archive args (configure-backup patches these in; stop-backup removes them). */
    List<String> archiveArgs() {
        return List.of("-c", "archive_mode=on", "-c", "archive_command=pgbackrest --stanza=" + STANZA + " archive-push %p",
                "-c", "wal_level=replica", "-c", "archive_timeout=60");
    }

    PgNode node(String name) {
        PgNode n = new PgNode(tools, work.resolve(name), repoEnv);
        closeLater.add(n);
        return n;
    }

    Map<String, String> restoreEnv(Target t) {
        return t.type().equals("default") ? Map.of("RESTORE_ID", t.restoreId(), "RESTORE_TYPE", "default")
                : Map.of("RESTORE_ID", t.restoreId(), "RESTORE_TYPE", t.type(), "RESTORE_TARGET", t.value());
    }

    /** initContainer (restore), then the normal start; waits until recovery reached the target and promoted. */
    PgNode restore(Target t, String name) {
        PgNode n = node(name);
        ok(n.script(restoreEnv(t), CMD, "restore"));
        mark("restore " + name);
        n.start(List.of());   // a recovered cluster does not archive into the source's repository
        n.awaitPromoted(Duration.ofMinutes(2));
        mark("recover + promote " + name);
        return n;
    }

    /** Remembers a target with the source's rows at that moment (each target has a different row count). */
    void record(String name, String type, String value, int rows) {
        String snap = snapshot(source);
        assertTrue(snap.startsWith(rows + ":"), name + ": " + snap);
        targets.put(name, new Target(name, type, value, snap));
    }

    static String snapshot(PgNode n) {
        return n.sql("select count(*) || ':' || md5(coalesce(string_agg(id || '/' || note, ',' order by id), '')) from t");
    }

    private long last = System.nanoTime();

    /** Prints the time since the previous mark (into the surefire output file), to keep an eye on suite time. */
    void mark(String what) {
        long now = System.nanoTime();
        System.out.printf("%s %-28s %6d ms%n", repoType(), what, (now - last) / 1_000_000);
        last = now;
    }

    static String ok(Command.Result r) {
        assertEquals(0, r.exitCode(), () -> "runner-pg.sh failed:\n" + r.output());
        return r.output();
    }

    @AfterAll
    void cleanUp() throws Exception {
        for (AutoCloseable c : closeLater) c.close();
        closeStore();
        if (work != null) {
            try (Stream<Path> s = Files.walk(work)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    abstract void closeStore();
}
