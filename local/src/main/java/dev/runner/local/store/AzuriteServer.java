package dev.runner.local.store;

import dev.runner.local.proc.ManagedProcess;
import dev.runner.local.proc.Ports;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Azurite's blob service (npm package in tools/) with TLS on 127.0.0.1, path-style URLs
 * ({@code https://localhost:PORT/devstoreaccount1/CONTAINER}) and the emulator's well-known account. Blobs are kept
 * in memory: on-disk persistence made a 22 MB backup take 18 s instead of a few.
 */
public final class AzuriteServer implements AutoCloseable {
    public static final String ACCOUNT = "devstoreaccount1";
    /** The emulator's published development key (not a secret). */
    public static final String KEY =
            "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private static final String API_VERSION = "2021-08-06";

    private final ManagedProcess process;
    private final int port;
    private final TlsCert cert;

    private AzuriteServer(ManagedProcess process, int port, TlsCert cert) {
        this.process = process;
        this.port = port;
        this.cert = cert;
    }

    /** tools/node_modules/.bin/azurite-blob under the repository root. */
    public static Path defaultBin(Path repoRoot) {
        return repoRoot.resolve("tools/node_modules/.bin/azurite-blob");
    }

    public static AzuriteServer start(Path bin, Path dir, TlsCert cert) throws IOException {
        if (!Files.exists(bin)) throw new IllegalStateException("Azurite not installed: " + bin + " (scripts/install-deps.sh test)");
        Files.createDirectories(dir);
        int port = Ports.free();
        ManagedProcess p = ManagedProcess.start("azurite", List.of("node", bin.toRealPath().toString(),
                "--blobHost", "127.0.0.1", "--blobPort", Integer.toString(port),
                "--cert", cert.certPem().toString(), "--key", cert.keyPem().toString(),
                "--loose", "--skipApiVersionCheck", "--disableProductStyleUrl", "--silent", "--inMemoryPersistence"),
                Map.of("PATH", System.getenv("PATH"), "HOME", dir.toString()), dir, dir.resolve("azurite.log"));
        try {
            p.awaitReady(Duration.ofSeconds(60), () -> Ports.listening(port));
        } catch (RuntimeException e) {
            p.close();
            throw e;
        }
        return new AzuriteServer(p, port, cert);
    }

    public int port() { return port; }
    /** host:port as pgBackRest's repo1-azure-endpoint wants it. */
    public String endpoint() { return "localhost:" + port; }
    public ManagedProcess process() { return process; }

    /** Creates a blob container (neither Azurite nor pgBackRest does) with one Shared Key signed PUT. */
    public void createContainer(String name) throws IOException {
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC));
        String path = "/" + ACCOUNT + "/" + name;
        String toSign = "PUT\n\n\n\n\n\n\n\n\n\n\n\nx-ms-date:" + date + "\nx-ms-version:" + API_VERSION + "\n"
                + "/" + ACCOUNT + path + "\nrestype:container";
        HttpRequest req = HttpRequest.newBuilder(URI.create("https://localhost:" + port + path + "?restype=container"))
                .timeout(Duration.ofSeconds(20))
                .header("x-ms-date", date).header("x-ms-version", API_VERSION)
                .header("Authorization", "SharedKey " + ACCOUNT + ":" + sign(toSign))
                .PUT(HttpRequest.BodyPublishers.noBody()).build();
        HttpClient client = HttpClient.newBuilder().sslContext(cert.trustingContext())
                .connectTimeout(Duration.ofSeconds(10)).build();
        try {
            HttpResponse<String> r = client.send(req, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 201 && r.statusCode() != 409) {
                throw new IOException("create container " + name + ": HTTP " + r.statusCode() + " " + r.body());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static String sign(String s) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(KEY), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(s.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.close();
    }
}
