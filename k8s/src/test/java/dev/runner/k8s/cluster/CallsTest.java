package dev.runner.k8s.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.step.StepContext;
import dev.runner.step.StepException;
import dev.runner.step.StepLog;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** What survives fabric8's own request retry: dropped connections are tried again, client errors are not. */
class CallsTest {
    static final StepContext CTX = new StepContext() {
        public String stepId() {
            return "t";
        }

        public Map<String, Object> with() {
            return Map.of();
        }

        public Path baseDir() {
            return Path.of(".");
        }

        public Map<String, String> settings() {
            return Map.of();
        }

        public Optional<Duration> timeout() {
            return Optional.empty();
        }

        public boolean cancelled() {
            return false;
        }

        public StepLog log() {
            return new StepLog() {
                public void info(String m) {
                }

                public void warn(String m) {
                }

                public void progress(String m) {
                }
            };
        }

        public void addSecret(String value) {
        }

        public <T> T service(Class<T> type, Supplier<T> factory) {
            return factory.get();
        }
    };

    @Test
    void aDroppedConnectionIsTriedAgain() throws Exception {
        AtomicInteger n = new AtomicInteger();
        String r = Calls.call(CTX, "read", () -> {
            if (n.incrementAndGet() == 1) {
                throw new KubernetesClientException("connection reset", new IOException("Connection reset by peer"));
            }
            return "ok";
        });
        assertEquals("ok", r);
        assertEquals(2, n.get());
    }

    @Test
    void forbiddenIsNotRetriedAndNamesTheServerReason() {
        AtomicInteger n = new AtomicInteger();
        StepException e = assertThrows(StepException.class, () -> Calls.call(CTX, "update Secret a/b", () -> {
            n.incrementAndGet();
            throw new KubernetesClientException("Failure executing", 403,
                    new StatusBuilder().withCode(403).withMessage("secrets \"b\" is forbidden").build());
        }));
        assertEquals(1, n.get());
        assertFalse(e.retryable());
        assertEquals("update Secret a/b: 403 secrets \"b\" is forbidden", e.getMessage());
    }

    @Test
    void persistentServerErrorsGiveUpAsRetryable() {
        AtomicInteger n = new AtomicInteger();
        StepException e = assertThrows(StepException.class, () -> Calls.call(CTX, "read", () -> {
            n.incrementAndGet();
            throw new KubernetesClientException("Failure", 503, null);
        }));
        assertEquals(Calls.ATTEMPTS, n.get());
        assertTrue(e.retryable());
    }
}
