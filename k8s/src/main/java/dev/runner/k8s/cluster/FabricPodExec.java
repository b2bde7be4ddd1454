package dev.runner.k8s.cluster;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.ExecListener;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** {@link PodExec} over the pods/exec subresource (websocket, v4/v5 channel protocol) with fabric8. */
public final class FabricPodExec implements PodExec {
    /** Output beyond this is dropped (the command still runs to its end). */
    static final int MAX_OUTPUT = 1 << 20;

    @Override
    public ExecResult exec(KubernetesClient client, String namespace, String pod, String container,
            List<String> command, Duration timeout) throws InterruptedException, TimeoutException {
        Capped out = new Capped();
        Capped err = new Capped();
        CompletableFuture<Void> closed = new CompletableFuture<>();
        ExecListener listener = new ExecListener() {
            @Override
            public void onFailure(Throwable t, Response failureResponse) {
                closed.completeExceptionally(t);
            }

            @Override
            public void onClose(int code, String reason) {
                closed.complete(null);
            }
        };
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            return run(client, namespace, pod, container, command, out, err, listener, closed, deadline);
        } catch (KubernetesClientException e) {
            throw RefusedUpgrade.of(e, client, namespace, pod).orElse(e);
        }
    }

    private static ExecResult run(KubernetesClient client, String namespace, String pod, String container,
            List<String> command, Capped out, Capped err, ExecListener listener, CompletableFuture<Void> closed,
            long deadline) throws InterruptedException, TimeoutException {
        try (ExecWatch watch = client.pods().inNamespace(namespace).withName(pod).inContainer(container)
                // a pod that is running but not ready (postgres during recovery) must still be reachable
                .withReadyWaitTimeout(0)
                .writingOutput(out).writingError(err).usingListener(listener)
                .exec(command.toArray(String[]::new))) {
            Integer code = watch.exitCode().get(remaining(deadline), TimeUnit.NANOSECONDS);
            // output frames may still be in flight when the status frame arrives; the close comes after them
            try {
                closed.get(Math.min(remaining(deadline), TimeUnit.SECONDS.toNanos(2)), TimeUnit.NANOSECONDS);
            } catch (TimeoutException | ExecutionException ignored) {
                // the exit code is known; late output is best effort
            }
            return new ExecResult(code == null ? -1 : code, out.text(), err.text());
        } catch (ExecutionException e) {
            throw KubernetesClientException.launderThrowable(e.getCause());
        }
    }

    private static long remaining(long deadline) {
        return Math.max(1, deadline - System.nanoTime());
    }

    private static final class Capped extends OutputStream {
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            if (buf.size() < MAX_OUTPUT) {
                buf.write(b);
            }
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            int n = Math.min(len, MAX_OUTPUT - buf.size());
            if (n > 0) {
                buf.write(b, off, n);
            }
        }

        synchronized String text() {
            return buf.toString(StandardCharsets.UTF_8);
        }
    }
}
