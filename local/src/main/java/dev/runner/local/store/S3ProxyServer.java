package dev.runner.local.store;

import dev.runner.local.proc.ManagedProcess;
import dev.runner.local.proc.Ports;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * S3Proxy (filesystem backend) as a local S3-compatible store with TLS on 127.0.0.1, run as its own
 * {@code java -jar} process. A bucket is a directory under {@code dir/blobs}.
 */
public final class S3ProxyServer implements AutoCloseable {
    public static final String ACCESS_KEY = "local-access-key";
    public static final String SECRET_KEY = "local-secret-key";

    private final ManagedProcess process;
    private final int port;
    private final Path blobs;

    private S3ProxyServer(ManagedProcess process, int port, Path blobs) {
        this.process = process;
        this.port = port;
        this.blobs = blobs;
    }

    /** Where Maven puts the runnable jar (local/pom.xml copies it); overridable with -Drunner.s3proxy.jar. */
    public static Path defaultJar() {
        String p = System.getProperty("runner.s3proxy.jar", System.getenv("RUNNER_S3PROXY_JAR"));
        if (p != null && !p.isBlank()) return Path.of(p);
        for (String c : List.of("target/s3proxy/s3proxy.jar", "local/target/s3proxy/s3proxy.jar")) {
            if (Files.isRegularFile(Path.of(c))) return Path.of(c).toAbsolutePath();
        }
        return Path.of("local/target/s3proxy/s3proxy.jar").toAbsolutePath();
    }

    public static S3ProxyServer start(Path jar, Path dir, TlsCert cert, String... buckets) throws IOException {
        if (!Files.isRegularFile(jar)) throw new IllegalStateException("S3Proxy jar not found: " + jar + " (run mvn package)");
        Path blobs = dir.resolve("blobs");
        for (String b : buckets) Files.createDirectories(blobs.resolve(b));
        int port = Ports.free();
        Path props = dir.resolve("s3proxy.properties");
        Files.writeString(props, String.join("\n",
                "s3proxy.secure-endpoint=https://127.0.0.1:" + port,
                "s3proxy.keystore-path=" + cert.keystore(),
                "s3proxy.keystore-password=" + cert.keystorePassword(),
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + ACCESS_KEY,
                "s3proxy.credential=" + SECRET_KEY,
                "jclouds.provider=filesystem",
                "jclouds.filesystem.basedir=" + blobs, ""));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ManagedProcess p = ManagedProcess.start("s3proxy", List.of(java, "-Xmx512m", "-XX:TieredStopAtLevel=1",
                "-jar", jar.toString(), "--properties", props.toString()), Map.of("PATH", System.getenv("PATH")),
                dir, dir.resolve("s3proxy.log"));
        try {
            p.awaitReady(Duration.ofSeconds(60), () -> Ports.listening(port));
        } catch (RuntimeException e) {
            p.close();
            throw e;
        }
        return new S3ProxyServer(p, port, blobs);
    }

    public int port() { return port; }
    /** host:port as pgBackRest's repo1-s3-endpoint wants it (host name, for certificate checking). */
    public String endpoint() { return "localhost:" + port; }
    public Path blobs() { return blobs; }
    public ManagedProcess process() { return process; }

    @Override
    public void close() {
        process.close();
    }

    /** Total bytes stored in a bucket (for benchmarks and sanity checks). */
    public long bucketBytes(String bucket) {
        try (var s = Files.walk(blobs.resolve(bucket))) {
            return s.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
