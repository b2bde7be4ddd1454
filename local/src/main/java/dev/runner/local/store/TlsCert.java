package dev.runner.local.store;

import dev.runner.local.proc.Command;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed TLS certificate for the local stores, valid for DNS:localhost and IP:127.0.0.1 (pgBackRest 2.45
 * checks only DNS names, so clients use the host name {@code localhost} with {@link #certPem()} as CA file).
 * Made with openssl: PEM certificate and key (Azurite) plus a PKCS#12 keystore (S3Proxy).
 */
public record TlsCert(Path certPem, Path keyPem, Path keystore, String keystorePassword) {

    public static TlsCert create(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        Path p12 = dir.resolve("keystore.p12");
        String password = "runner-local";
        Duration t = Duration.ofSeconds(60);
        Command.check(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "30",
                "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
                "-keyout", key.toString(), "-out", cert.toString()), null, dir, t);
        Command.check(List.of("openssl", "pkcs12", "-export", "-name", "local", "-in", cert.toString(),
                "-inkey", key.toString(), "-out", p12.toString(), "-passout", "pass:" + password), null, dir, t);
        try {
            // Readable by the postgres OS user that runs pgBackRest; the key only by us and the stores.
            Files.setPosixFilePermissions(cert, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new TlsCert(cert, key, p12, password);
    }

    /** An SSL context that trusts exactly this certificate (for our own HTTPS calls to the stores). */
    public SSLContext trustingContext() {
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, keystorePassword.toCharArray());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot load " + keystore, e);
        }
    }
}
