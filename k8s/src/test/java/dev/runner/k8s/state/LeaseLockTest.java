package dev.runner.k8s.state;

import static org.junit.jupiter.api.Assertions.*;

import dev.runner.model.Secrets;
import dev.runner.state.Event;
import dev.runner.state.LockedException;
import dev.runner.state.RunStorage;
import dev.runner.state.StateBackendContract;
import dev.runner.state.TargetLock;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The lock as a coordination.k8s.io/v1 Lease (https://kubernetes.io/docs/concepts/architecture/leases/): held
 * while renewed, refused naming its holder, taken over only after renewTime + leaseDurationSeconds, and a holder
 * that lost it stops writing.
 */
class LeaseLockTest {
    private static final Path WF = Path.of("/flows/backup.yaml");
    private static final Duration SHORT = Duration.ofSeconds(2);
    private final StateMock mock = new StateMock();

    @AfterEach
    void stop() {
        mock.close();
    }

    private ClusterState runner(Clock clock) {
        return mock.state(Limits.DEFAULT.withLeaseDuration(SHORT), clock);
    }

    private Lease lease() {
        List<Lease> all = mock.client.resources(Lease.class).inNamespace(StateMock.NS).list().getItems();
        assertEquals(1, all.size());
        return all.get(0);
    }

    @Test
    void theLeaseNamesItsHolderAndIsRenewedWhileTheRunGoesOn() throws Exception {
        try (TargetLock held = runner(Clock.systemUTC()).lockTarget(WF, "backup", Map.of(), "run-a", w -> fail(w))) {
            Lease first = lease();
            assertEquals(2, first.getSpec().getLeaseDurationSeconds());
            assertTrue(first.getSpec().getHolderIdentity().startsWith("run-a_"), first.getSpec().getHolderIdentity());
            assertEquals("backup", first.getMetadata().getLabels().get(StateObjects.WORKFLOW));
            assertEquals(StateMock.NS, first.getMetadata().getLabels().get(StateObjects.TARGET));
            Thread.sleep(3_000); // longer than the lease: only renewal keeps it
            Lease later = lease();
            assertTrue(later.getSpec().getRenewTime().isAfter(first.getSpec().getRenewTime()), "renewed");
            LockedException e = assertThrows(LockedException.class, () -> runner(Clock.systemUTC())
                    .lockTarget(WF, "backup", Map.of(), "run-b", w -> { }));
            assertEquals("run-a", e.holder().runId());
            assertTrue(e.getMessage().contains("(Lease " + StateMock.NS + "/" + later.getMetadata().getName()
                    + ", renewed "), e.getMessage());
        }
        assertNull(lease().getSpec().getHolderIdentity(), "released at the end");
    }

    @Test
    void anUnrenewedLeaseIsTakenOverOnlyAfterItExpiresAndItsOldHolderStopsWriting() throws Exception {
        ClusterState a = runner(Clock.systemUTC());
        TargetLock held = a.lockTarget(WF, "backup", Map.of(), "run-a", w -> { });
        RunStorage journal = a.create("run-a", StateBackendContract.started("run-a", Map.of()), new Secrets());
        // run-a's runner stalls (a paused VM, a cut network): seen from a clock ahead, its Lease has not been renewed
        Instant renewed = lease().getSpec().getRenewTime().toInstant();
        Clock before = Clock.fixed(renewed.plusMillis(1500), java.time.ZoneOffset.UTC);
        assertThrows(LockedException.class, () -> runner(before).lockTarget(WF, "backup", Map.of(), "run-b", w -> { }),
                "not yet expired");
        Clock after = Clock.offset(Clock.systemUTC(), Duration.ofSeconds(5));
        List<String> warnings = new ArrayList<>();
        try (TargetLock taken = runner(after).lockTarget(WF, "backup", Map.of(), "run-b", warnings::add)) {
            assertEquals("run-a", taken.takenOverFrom().orElseThrow().runId());
            assertEquals(1, warnings.size());
            assertTrue(warnings.get(0).startsWith("taking over the expired Lease " + StateMock.NS + "/"), warnings.get(0));
            assertEquals(1, lease().getSpec().getLeaseTransitions());
            IOException stopped = null;
            for (Instant end = Instant.now().plusSeconds(5); stopped == null && Instant.now().isBefore(end); ) {
                try {
                    journal.append(Event.stepStarted(Instant.now().toString(), "s", 1));
                    Thread.sleep(100);
                } catch (IOException e) {
                    stopped = e;
                }
            }
            assertNotNull(stopped, "run-a noticed at its next renewal that it lost the Lease");
            assertTrue(stopped.getMessage().contains("held by run run-b"), stopped.getMessage());
            held.close(); // must not free the Lease run-b holds now
            assertTrue(lease().getSpec().getHolderIdentity().startsWith("run-b_"));
        }
    }
}
