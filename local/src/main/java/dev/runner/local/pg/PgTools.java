package dev.runner.local.pg;

import dev.runner.local.ImageScript;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where the PostgreSQL 15 binaries, pgBackRest and the image's entrypoint script are, and which OS user runs
 * them: postgres refuses root, so when this JVM is root every command goes through {@code runuser -u postgres}.
 */
public final class PgTools {
    public static final Path PG_BIN = Path.of("/usr/lib/postgresql/15/bin");
    private static final String OS_USER = "postgres";

    private final Path repoRoot;
    private final boolean root;

    private PgTools(Path repoRoot) {
        this.repoRoot = repoRoot;
        this.root = "root".equals(System.getProperty("user.name"));
    }

    /** Finds the repository root: -Drunner.repo.root, or where {@link ImageScript} finds the checkout. */
    public static PgTools locate() {
        String p = System.getProperty("runner.repo.root");
        return new PgTools(p != null ? Path.of(p) : ImageScript.home());
    }

    public Path repoRoot() { return repoRoot; }
    /** The entrypoint, runnable by the postgres OS user (see {@link ImageScript#locate()}). */
    public Path script() { return ImageScript.locate(); }
    public Path bin(String tool) { return PG_BIN.resolve(tool); }

    /** What is missing to run the data path for real (empty when all is there). */
    public List<String> missing() {
        List<String> m = new ArrayList<>();
        if (!Files.isExecutable(bin("postgres"))) m.add("PostgreSQL 15 (" + PG_BIN + ")");
        if (Stream.of(System.getenv("PATH").split(":")).noneMatch(d -> Files.isExecutable(Path.of(d, "pgbackrest")))) {
            m.add("pgbackrest on PATH");
        }
        if (root && !Files.isExecutable(Path.of("/usr/sbin/runuser")) && !Files.isExecutable(Path.of("/sbin/runuser"))) {
            m.add("runuser (util-linux)");
        }
        return m;
    }

    /** The command prefix that runs a program as the postgres OS user when we are root. */
    public List<String> asPgUser(List<String> command) {
        if (!root) return command;
        List<String> c = new ArrayList<>(List.of("runuser", "-u", OS_USER, "--"));
        c.addAll(command);
        return c;
    }

    /** A minimal environment for the tools: PATH with the postgres binaries first, UTC, C locale. */
    public Map<String, String> baseEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", PG_BIN + ":" + System.getenv("PATH"));
        env.put("TZ", "UTC");
        env.put("LANG", "C.UTF-8");
        env.put("HOME", "/tmp");
        return env;
    }

    /** Creates a directory tree owned by the user that runs postgres (a temp dir of root is not enough). */
    public Path ownedDir(Path dir) {
        try {
            Files.createDirectories(dir);
            if (root) {
                UserPrincipalLookupService lookup = dir.getFileSystem().getUserPrincipalLookupService();
                UserPrincipal user = lookup.lookupPrincipalByName(OS_USER);
                GroupPrincipal group = lookup.lookupPrincipalByGroupName(OS_USER);
                for (Path d = dir; d != null && !d.equals(Path.of("/tmp")) && !d.equals(d.getRoot()); d = d.getParent()) {
                    if (d.equals(dir)) {
                        PosixFileAttributeView v = Files.getFileAttributeView(d, PosixFileAttributeView.class);
                        v.setOwner(user);
                        v.setGroup(group);
                    } else if (!Files.getPosixFilePermissions(d).contains(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE)) {
                        var perms = new java.util.HashSet<>(Files.getPosixFilePermissions(d));
                        perms.add(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE);
                        Files.setPosixFilePermissions(d, perms);   // let postgres traverse our temp parents
                    }
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
