package dev.runner.local.api;

import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;

/**
 * One pods/exec session over the Kubernetes channel protocol (v4.channel.k8s.io): every binary frame starts with
 * its channel byte — 0 stdin (client to server), 1 stdout, 2 stderr, 3 the final status with the exit code.
 */
final class ExecListener extends WebSocketListener {
    private final PodBackend backend;
    private final ExecutorService threads;
    private final String namespace;
    private final String pod;
    private final String container;
    private final List<String> command;
    private volatile Process process;
    private volatile boolean closed;
    // stdin frames may arrive before the process exists (a container's exec takes a while to start): they wait
    private final java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);

    ExecListener(PodBackend backend, ExecutorService threads, String namespace, String pod, String container,
                 List<String> command) {
        this.backend = backend;
        this.threads = threads;
        this.namespace = namespace;
        this.pod = pod;
        this.container = container;
        this.command = command;
    }

    @Override
    public void onOpen(WebSocket ws, Response response) {
        threads.execute(() -> run(ws));
    }

    private void run(WebSocket ws) {
        try {
            process = backend.exec(namespace, pod, container, command);
        } catch (PodBackend.NotRunning | IOException e) {
            started.countDown();
            finish(ws, "{\"metadata\":{},\"status\":\"Failure\",\"message\":" + quote(e.getMessage())
                    + ",\"reason\":\"InternalError\",\"code\":500}");
            return;
        }
        started.countDown();
        var out = threads.submit(() -> pump(process.getInputStream(), ws, 1));
        var err = threads.submit(() -> pump(process.getErrorStream(), ws, 2));
        try {
            int code = process.waitFor();
            out.get();
            err.get();
            finish(ws, code == 0 ? "{\"metadata\":{},\"status\":\"Success\"}"
                    : "{\"metadata\":{},\"status\":\"Failure\",\"message\":"
                    + quote("command terminated with non-zero exit code: error executing command "
                            + command + ", exit code " + code)
                    + ",\"reason\":\"NonZeroExitCode\",\"details\":{\"causes\":"
                    + "[{\"reason\":\"ExitCode\",\"message\":\"" + code + "\"}]}}");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            backend.kill(process);
        } catch (Exception e) {
            backend.kill(process);
            finish(ws, "{\"metadata\":{},\"status\":\"Failure\",\"message\":" + quote(String.valueOf(e)) + "}");
        }
    }

    private Void pump(InputStream in, WebSocket ws, int channel) throws IOException {
        byte[] buf = new byte[16384];
        int n;
        while ((n = in.read(buf, 1, buf.length - 1)) > 0) {
            buf[0] = (byte) channel;
            if (!closed) {
                ws.send(Arrays.copyOf(buf, n + 1));
            }
        }
        return null;
    }

    private void finish(WebSocket ws, String status) {
        if (closed) {
            return;
        }
        byte[] json = status.getBytes(StandardCharsets.UTF_8);
        byte[] frame = new byte[json.length + 1];
        frame[0] = 3;
        System.arraycopy(json, 0, frame, 1, json.length);
        ws.send(frame);
        ws.close(1000, "");
    }

    @Override
    public void onMessage(WebSocket ws, byte[] bytes) {
        try {
            started.await(2, java.util.concurrent.TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        Process p = process;
        if (p == null || bytes.length == 0) {
            return;
        }
        try {
            OutputStream stdin = p.getOutputStream();
            if (bytes[0] == 0) {
                stdin.write(bytes, 1, bytes.length - 1);
                stdin.flush();
            } else if ((bytes[0] & 0xff) == 255 && bytes.length > 1 && bytes[1] == 0) {
                stdin.close(); // v5 "close stream" signal for stdin
            }
        } catch (IOException ignored) {
            // the process has gone; its exit status is reported on channel 3
        }
    }

    @Override
    public void onClosed(WebSocket ws, int code, String reason) {
        closeAndKill();
    }

    @Override
    public void onFailure(WebSocket ws, Throwable t, Response response) {
        closeAndKill();
    }

    private void closeAndKill() {
        closed = true;
        Process p = process;
        if (p != null && p.isAlive()) {
            backend.kill(p);
        }
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : String.valueOf(s).toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
