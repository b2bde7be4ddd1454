package dev.runner.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the archiver image's entrypoint, {@code k8s/image/runner-pg.sh} of the runner checkout: from the system
 * property {@code runner.home} or env RUNNER_HOME, else upwards from the working directory, else upwards from
 * where this class was loaded (local/target/…).
 */
public final class ImageScript {
    static final String RELATIVE = "k8s/image/runner-pg.sh";

    private ImageScript() {}

    /** The runner checkout that holds k8s/image (and k8s/backup, workflows/). */
    public static Path home() {
        return source().getParent().getParent().getParent();
    }

    /**
     * The entrypoint as the postgres OS user can run it. As root, postgres runs as that user, and a checkout in a
     * private directory (a 0700 temp dir, a home dir) is out of its reach: it gets a copy in a world-readable
     * directory, made once per JVM.
     */
    public static Path locate() {
        return Runnable.PATH;
    }

    /** The script in the checkout. */
    public static Path source() {
        List<Path> starts = new ArrayList<>();
        String home = System.getProperty("runner.home", System.getenv("RUNNER_HOME"));
        if (home != null) {
            starts.add(Path.of(home));
        }
        starts.add(Path.of("").toAbsolutePath());
        try {
            starts.add(Path.of(ImageScript.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        } catch (URISyntaxException | RuntimeException e) {
            // no code source: the other starts remain
        }
        for (Path start : starts) {
            for (Path p = start; p != null; p = p.getParent()) {
                if (Files.isRegularFile(p.resolve(RELATIVE))) {
                    return p.resolve(RELATIVE).toAbsolutePath();
                }
            }
        }
        throw new IllegalStateException(RELATIVE + " not found (set RUNNER_HOME to the runner checkout)");
    }

    private static final class Runnable {
        static final Path PATH = runnableCopy(source());

        /** One directory per script content, reused by every JVM, so killed runs leave no copies behind. */
        private static Path runnableCopy(Path script) {
            if (!"root".equals(System.getProperty("user.name"))) {
                return script;
            }
            try {
                byte[] content = Files.readAllBytes(script);
                String digest = java.util.HexFormat.of().formatHex(
                        java.security.MessageDigest.getInstance("SHA-256").digest(content)).substring(0, 16);
                Path dir = Path.of(System.getProperty("java.io.tmpdir"), "runner-image-" + digest);
                Files.createDirectories(dir);
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
                Path copy = dir.resolve(script.getFileName());
                if (!Files.exists(copy) || !java.util.Arrays.equals(Files.readAllBytes(copy), content)) {
                    Path tmp = Files.createTempFile(dir, "copy-", ".tmp");
                    Files.write(tmp, content);
                    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
                    Files.move(tmp, copy, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                }
                return copy;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot copy " + script + " where the postgres user can run it", e);
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
