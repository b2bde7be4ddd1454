package dev.runner.k8s.cluster;

import dev.runner.step.StepContext;
import dev.runner.step.StepException;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.util.function.Supplier;

/**
 * Every API call of a step goes through {@link #call}: transient failures (I/O errors and dropped connections,
 * 429, 5xx) that survive fabric8's own per-request retry are tried again with backoff, and what is left is turned
 * into a {@link StepException} whose message names the operation and the server's reason.
 */
public final class Calls {
    static final int ATTEMPTS = 3;
    static final long FIRST_BACKOFF_MS = 500;

    private Calls() {
    }

    public static <T> T call(StepContext ctx, String what, Supplier<T> op) throws StepException, InterruptedException {
        long backoff = FIRST_BACKOFF_MS;
        for (int attempt = 1; ; attempt++) {
            try {
                return op.get();
            } catch (KubernetesClientException e) {
                if (!transientFailure(e) || attempt >= ATTEMPTS || ctx.cancelled()) {
                    throw failure(what, e);
                }
                ctx.log().warn(what + ": " + reason(e) + "; retrying in " + backoff + " ms");
                Thread.sleep(backoff);
                backoff *= 2;
            }
        }
    }

    /** Like {@link #call} for operations that return nothing. */
    public static void run(StepContext ctx, String what, Runnable op) throws StepException, InterruptedException {
        call(ctx, what, () -> {
            op.run();
            return null;
        });
    }

    public static boolean transientFailure(KubernetesClientException e) {
        int code = e.getCode();
        if (code == 429 || code >= 500) {
            return true;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    public static boolean isConflict(KubernetesClientException e) {
        return e.getCode() == 409;
    }

    public static boolean isConflict(StepException e) {
        return e.getCause() instanceof KubernetesClientException k && isConflict(k);
    }

    public static boolean isNotFound(KubernetesClientException e) {
        return e.getCode() == 404;
    }

    public static StepException failure(String what, KubernetesClientException e) {
        // 4xx other than conflict/rate limit will not change by trying again
        boolean retryable = transientFailure(e) || e.getCode() == 409;
        return new StepException(what + ": " + reason(e), retryable, e);
    }

    /** The server's message (Status.message) with the HTTP code, or the client's own message. */
    public static String reason(KubernetesClientException e) {
        if (e.getStatus() != null && e.getStatus().getMessage() != null) {
            return e.getCode() + " " + e.getStatus().getMessage();
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String msg = root == e ? e.getMessage() : root.getClass().getSimpleName() + ": " + root.getMessage();
        return e.getCode() > 0 ? e.getCode() + " " + msg : msg;
    }
}
