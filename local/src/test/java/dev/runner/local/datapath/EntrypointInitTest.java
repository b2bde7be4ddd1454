package dev.runner.local.datapath;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.local.pg.PgNode;
import dev.runner.local.pg.PgTools;
import dev.runner.local.proc.Command;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** runner-pg.sh's own initialisation (no docker-entrypoint.sh on PATH): user, password, database, pg_hba. */
class EntrypointInitTest {
    @Test
    void emptyDataDirIsInitialisedLikeTheOfficialImage() throws Exception {
        PgTools tools = PgTools.locate();
        RequiredTools.require(tools.missing());
        Path work = tools.ownedDir(Files.createTempDirectory("runner-init-"));
        try (PgNode node = new PgNode(tools, work.resolve("n"), Map.of("POSTGRES_USER", "admin", "POSTGRES_DB", "hasura",
                "POSTGRES_PASSWORD", "s3cret pass"))) {
            node.start(List.of());
            String conf = Files.readString(node.dataDir().resolve("postgresql.conf"));
            assertTrue(conf.contains("listen_addresses = '*'"), "listens on all addresses (the args narrow it here)");
            assertFalse(java.util.regex.Pattern.compile("(?m)^\\s*archive_").matcher(conf).find(),
                    "archive settings never go into postgresql.conf");
            List<String> psql = new ArrayList<>(List.of(tools.bin("psql").toString(), "-X", "-At", "-h", "127.0.0.1",
                    "-p", Integer.toString(node.port()), "-U", "admin", "-d", "hasura", "-c", "select current_user || '@' || current_database()"));
            Map<String, String> env = new java.util.HashMap<>(tools.baseEnv());
            env.put("PGPASSWORD", "s3cret pass");
            Command.Result ok = Command.run(psql, env, null, Duration.ofSeconds(30));
            assertEquals("admin@hasura", ok.output().trim(), ok.output());
            // As in the official image: initdb's trust rules for the socket and loopback, passwords from elsewhere.
            List<String> hba = Files.readAllLines(node.dataDir().resolve("pg_hba.conf"));
            assertEquals("host all all all scram-sha-256", hba.get(hba.size() - 1));
        } finally {
            try (Stream<Path> s = Files.walk(work)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
