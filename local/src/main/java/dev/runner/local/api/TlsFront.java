package dev.runner.local.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * The API server's HTTPS listener on 127.0.0.1: TLS ends here and the bytes go on, unchanged, to the plain HTTP
 * listener (requests, watches and exec websockets alike; the bearer token travels inside). In-cluster clients need it:
 * client-go's rest.InClusterConfig and kubectl always speak https to KUBERNETES_SERVICE_HOST:PORT, checking the
 * server against the projected ca.crt (https://kubernetes.io/docs/tasks/run-application/access-api-from-pod/).
 */
final class TlsFront implements AutoCloseable {
    private final SSLServerSocket server;
    private final int target;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "local-api-tls");
        t.setDaemon(true);
        return t;
    });

    /** Listens on a free port of 127.0.0.1 with the key in {@code keystore} (PKCS#12), forwarding to {@code target}. */
    TlsFront(Path keystore, String password, int target) throws IOException {
        this.target = target;
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password.toCharArray());
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, password.toCharArray());
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            server = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket(0, 50,
                    InetAddress.getByName("127.0.0.1"));
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot load the API server's TLS key from " + keystore, e);
        }
        threads.execute(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                threads.execute(() -> connect((SSLSocket) client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void connect(SSLSocket client) {
        try {
            client.startHandshake();
            Socket backend = new Socket();
            backend.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), target), 5000);
            threads.execute(() -> pump(client, backend));
            pump(backend, client);
        } catch (IOException e) {
            close(client);
        }
    }

    /** Copies until either side ends, then closes both (HTTP/1.1 and websockets need no half-close here). */
    private static void pump(Socket from, Socket to) {
        byte[] buf = new byte[16384];
        try (InputStream in = from.getInputStream()) {
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // one side went away
        } finally {
            close(from);
            close(to);
        }
    }

    private static void close(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // already closed
        }
        threads.shutdownNow();
    }
}
