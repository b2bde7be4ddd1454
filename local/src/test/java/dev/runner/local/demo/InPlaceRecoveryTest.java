package dev.runner.local.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.cli.Main;
import dev.runner.local.ImageScript;
import dev.runner.local.LocalEnvironment;
import dev.runner.local.Testbed;
import dev.runner.local.store.S3ProxyServer;
import dev.runner.local.store.TlsCert;
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
 * Issue #22: point-in-time recovery on the very Deployment whose backups are used ("undo the bad migration"), on
 * one local cluster with real PostgreSQL 15, pgBackRest and S3Proxy: configure-backup → rows A → target T → rows B
 * → recovery.yaml on the same Deployment to T → exactly rows A.
 */
class InPlaceRecoveryTest {
    static final String BUCKET = "backups";

    @Test
    void recoveryOnTheSourceItselfUndoesTheBadChange() throws Exception {
        Testbed.requirePostgres();
        Testbed.requirePgbackrest();
        Path dir = Testbed.tempDir("local-inplace-pitr");
        try (LocalEnvironment env = LocalEnvironment.start(dir.resolve("clusters"), ImageScript.locate(), true,
                List.of("prod"));
             S3ProxyServer s3 = S3ProxyServer.start(S3ProxyServer.defaultJar(), Files.createDirectories(dir.resolve("s3")),
                     TlsCert.create(dir.resolve("tls")), BUCKET)) {
            KubernetesClient prod = env.cluster("prod").client();
            StartingState.create(prod, "prod-pg-pw-1", "prod-admin-pw-1");
            Pods.ready(prod, "postgres", Duration.ofMinutes(3));
            Scenario.seed(prod);   // rows A: 1000 'initial'
            Cli cli = new Cli(env, s3, dir);
            assertEquals(0, cli.run("configure-backup").exit, "configure-backup");

            Thread.sleep(2000);   // a time target must lie after the first backup's stop time (whole seconds)
            Pods.psql(prod, "insert into events(batch) select 'A' from generate_series(1, 100)");
            String target = Pods.psql(prod, "select to_char(clock_timestamp() at time zone 'UTC',"
                    + " 'YYYY-MM-DD HH24:MI:SS.US') || '+00'");
            Thread.sleep(1500);
            Pods.psql(prod, "insert into events(batch) select 'B' from generate_series(1, 50);"
                    + " alter table events add column bad text");   // the bad migration
            archive(prod);

            Result recovered = cli.run("recovery", "target=time", "targetValue=" + target);
            assertEquals(0, recovered.exit, recovered.text);
            assertEquals("{initial=1000, A=100}", counts(prod), "exactly rows A");
            assertEquals("0", Pods.psql(prod, "select count(*) from information_schema.columns"
                    + " where table_name = 'events' and column_name = 'bad'"), "the bad migration is gone");
        }
    }

    /** pgbackrest check switches WAL and waits until the segment is in the repository. */
    private static void archive(KubernetesClient c) throws Exception {
        Pods.exec(c, Pods.ready(c, "postgres", Duration.ofMinutes(1)).getMetadata().getName(), "runner-pg.sh", "check");
    }

    private static String counts(KubernetesClient c) throws Exception {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        for (String line : Pods.psql(c, "select batch, count(*) from events group by batch order by min(id)").split("\n")) {
            String[] kv = line.split("\\|");
            if (kv.length == 2) {
                m.put(kv[0], kv[1]);
            }
        }
        return m.toString();
    }

    record Result(int exit, String text) {
    }

    /** The real CLI in-process against context prod, with the repository settings and one state directory. */
    private record Cli(LocalEnvironment env, S3ProxyServer s3, Path dir) {
        Result run(String workflow, String... extra) {
            List<String> args = new ArrayList<>(List.of("run", ImageScript.home().resolve("workflows/" + workflow
                    + ".yaml").toString(), "--context", "prod"));
            for (String p : List.of("repoType=s3-compatible", "s3Bucket=" + BUCKET, "s3Endpoint=" + s3.endpoint(),
                    "verifyTls=n", "image=runner/postgres-pgbackrest:15", "pgUser=" + StartingState.PG_USER)) {
                args.addAll(List.of("-p", p));
            }
            for (String p : extra) {
                args.addAll(List.of("-p", p));
            }
            return cli(args);
        }

        Result cli(List<String> args) {
            args.addAll(List.of("--kubeconfig", env.kubeconfig().toString(), "--state-dir", dir.resolve("state").toString()));
            Map<String, String> vars = new HashMap<>(System.getenv());
            vars.put("AWS_ACCESS_KEY_ID", S3ProxyServer.ACCESS_KEY);
            vars.put("AWS_SECRET_ACCESS_KEY", S3ProxyServer.SECRET_KEY);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
            int code = Main.run(args.toArray(String[]::new), out, out, vars);
            String text = bytes.toString(StandardCharsets.UTF_8);
            System.out.println("$ runner " + String.join(" ", args) + "\n" + text);
            return new Result(code, text);
        }
    }
}
