package dev.runner.local.datapath;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.local.pg.PgNode;
import dev.runner.local.store.S3ProxyServer;
import dev.runner.local.store.TlsCert;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The data path against an S3-compatible store (S3Proxy, TLS, path-style URLs), every restore target. */
class S3BackupRestoreTest extends BackupRestoreSuite {
    private S3ProxyServer s3;

    @Override
    String repoType() { return "s3"; }

    @Override
    Map<String, String> startStore(Path dir, TlsCert cert) throws IOException {
        Path jar = S3ProxyServer.defaultJar();
        RequiredTools.require(Files.isRegularFile(jar), "S3Proxy jar " + jar);
        s3 = S3ProxyServer.start(jar, dir, cert, "backups");
        return Map.of("s3Bucket", "backups", "s3Region", "us-east-1", "s3Endpoint", s3.endpoint(),
                "s3UriStyle", "path", "s3Key", S3ProxyServer.ACCESS_KEY, "s3KeySecret", S3ProxyServer.SECRET_KEY);
    }

    @Override
    List<String> restoreTargets() { return List.of("latest", "time", "lsn", "xid", "name"); }

    /** The seed's hasura-backup keys, mapped by the Deployment to LEGACY_AWS_*, reach the same repository. */
    @Test
    void legacyHasuraBackupKeysReachTheRepository() {
        Map<String, String> env = new HashMap<>(repoEnv);
        List.of("PGBACKREST_REPO1_TYPE", "PGBACKREST_REPO1_S3_BUCKET", "PGBACKREST_REPO1_PATH", "PGBACKREST_REPO1_S3_REGION",
                "PGBACKREST_REPO1_S3_KEY", "PGBACKREST_REPO1_S3_KEY_SECRET").forEach(env::remove);
        env.put("LEGACY_AWS_REGION", "us-east-1");
        env.put("LEGACY_AWS_S3_PREFIX", "s3://backups/runner/s3");
        env.put("LEGACY_AWS_ACCESS_KEY", S3ProxyServer.ACCESS_KEY);
        env.put("LEGACY_AWS_SECRET_ACCESS_KEY", S3ProxyServer.SECRET_KEY);
        PgNode legacy = new PgNode(tools, work.resolve("legacy"), env);
        String info = ok(legacy.script(CMD, "info"));
        assertTrue(info.contains("status: ok") && info.contains("full backup"), info);
        assertTrue(!info.contains(S3ProxyServer.SECRET_KEY), "secret key not printed");
    }

    @Override
    void closeStore() {
        if (s3 != null) s3.close();
    }
}
