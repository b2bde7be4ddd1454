package dev.runner.local.datapath;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.local.pg.PgNode;
import dev.runner.local.pg.PgTools;
import dev.runner.local.proc.Command;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue #18: runner-pg.sh never removes a postmaster.pid whose server may still run in another container on the same
 * volume. A pid that is not alive here proves nothing across pid namespaces (and a containerised server is pid 1 on
 * both sides); the file goes only when its server is provably gone: it was this very pod's (postmaster.opts carries
 * runner.pod=<hostname>), or it was asked to stop long enough ago to have been killed since.
 */
class PidFileRuleTest {
    static final Duration T = Duration.ofSeconds(90);

    @Test
    void aPidFileIsRemovedOnlyWhenItsServerIsProvablyGone() throws Exception {
        PgTools tools = PgTools.locate();
        RequiredTools.require(tools.missing());
        Path work = tools.ownedDir(Files.createTempDirectory("runner-pidfile-"));
        try (PgNode node = new PgNode(tools, work.resolve("n"), Map.of())) {
            String pod = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
            node.start(List.of());
            Path pidFile = node.dataDir().resolve("postmaster.pid");
            Path opts = node.dataDir().resolve("postmaster.opts");
            assertTrue(Files.readString(opts).contains("\"runner.pod=" + pod + "\""), Files.readString(opts));
            node.stop();

            // another pod's server, as far as anyone here can tell alive: pid 1 (ours too, in a container)
            writePidFile(pidFile, "ready");
            Files.writeString(opts, "/usr/lib/postgresql/15/bin/postgres \"-c\" \"runner.pod=postgres-6d4b9-other\"\n");
            long t0 = System.nanoTime();
            Command.Result refused = node.script(Map.of("PGDATA_LOCK_WAIT", "2"), T, "postgres");
            assertEquals(1, refused.exitCode(), refused.output());
            assertTrue(refused.output().contains("is still there after 2s: its server may be running in another"
                    + " container on this volume"), refused.output());
            assertTrue(Files.exists(pidFile), "kept");
            assertTrue(Duration.ofNanos(System.nanoTime() - t0).toSeconds() < 30, "bounded by PGDATA_LOCK_WAIT");
            Command.Result restore = node.script(Map.of("PGDATA_LOCK_WAIT", "1", "RESTORE_ID", "r1"), T, "restore");
            assertEquals(1, restore.exitCode(), restore.output());
            assertTrue(Files.exists(pidFile), "a restore keeps it too");

            // the same file once its server was asked to stop over PGDATA_STOPPING_GRACE ago: it has been killed since
            writePidFile(pidFile, "stopping");
            Files.setLastModifiedTime(pidFile, FileTime.from(Instant.now().minusSeconds(120)));
            node.start(List.of());
            assertTrue(Files.readString(node.home().resolve("postgres.log")).contains("its server was asked to stop"
                    + " more than 60s ago"), Files.readString(node.home().resolve("postgres.log")));
            assertEquals("1", node.sql("select 1"));

            // this pod's own server died (a container restart): its postmaster.opts proves the file is its
            long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
            ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();
            List<ProcessHandle> all = Stream.concat(Stream.of(postmaster), postmaster.descendants()).toList();
            postmaster.destroyForcibly();
            for (ProcessHandle p : all) {
                p.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
            }
            assertTrue(Files.exists(pidFile), "a killed server leaves its pid file");
            node.start(List.of());
            assertTrue(Files.readString(node.home().resolve("postgres.log")).contains("written by an earlier server of"
                    + " this pod (" + pod + ")"), Files.readString(node.home().resolve("postgres.log")));
            assertEquals("1", node.sql("select 1"));
        } finally {
            try (Stream<Path> s = Files.walk(work)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** postmaster.pid as PostgreSQL writes it: pid, data dir, start time, port, socket dir, address, shmem, status. */
    private static void writePidFile(Path pidFile, String status) throws Exception {
        Files.writeString(pidFile, String.join("\n", "1", pidFile.getParent().toString(),
                Long.toString(Instant.now().getEpochSecond()), "5432", "/var/run/postgresql", "*",
                "  5432001    393216", status, ""));
    }
}
