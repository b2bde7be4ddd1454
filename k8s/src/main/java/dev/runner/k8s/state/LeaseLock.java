package dev.runner.k8s.state;

import dev.runner.state.Json;
import dev.runner.state.LockedException;
import dev.runner.state.RunLock;
import dev.runner.state.TargetLock;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The lock of a workflow on a target as a {@code coordination.k8s.io/v1} Lease, used as client-go's leader
 * election uses it (https://kubernetes.io/docs/concepts/architecture/leases/): the holder writes its identity,
 * {@code leaseDurationSeconds}, {@code acquireTime} and {@code renewTime}, renews every third of the duration while
 * it runs, and clears {@code holderIdentity} when it ends. Another runner takes the Lease only once
 * {@code renewTime + leaseDurationSeconds} has passed (the holder died without releasing it), and counts
 * {@code leaseTransitions} up. Every write carries the resourceVersion read, so of two runners that both saw
 * the Lease free or expired, one gets 409, reads again and is refused. Expiry is judged against this machine's
 * clock, so clocks far apart shorten or lengthen the wait.
 * https://kubernetes.io/docs/reference/kubernetes-api/cluster-resources/lease-v1/
 */
final class LeaseLock implements TargetLock {
    private static final int ATTEMPTS = 10;

    private final StateApi api;
    private final String name;
    private final String identity;
    private final Limits limits;
    private final Clock clock;
    private final RunLock.Holder previous;
    private final ScheduledExecutorService renewer;
    private volatile Instant renewedAt;
    private volatile String lost;

    private LeaseLock(StateApi api, String name, String identity, Limits limits, Clock clock,
                      RunLock.Holder previous) {
        this.api = api;
        this.name = name;
        this.identity = identity;
        this.limits = limits;
        this.clock = clock;
        this.previous = previous;
        this.renewedAt = clock.instant();
        this.renewer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "runner-lease-renewal");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(200, limits.leaseDuration().toMillis() / 3);
        renewer.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
    }

    static LeaseLock acquire(StateApi api, String name, Map<String, String> labels, RunLock.Holder me, Limits limits,
                             Clock clock, Consumer<String> warn) throws IOException, LockedException {
        String identity = identity(me);
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Lease l = api.lease(name);
            Instant now = clock.instant();
            try {
                if (l == null) {
                    Lease fresh = new LeaseBuilder().withNewMetadata().withName(name).withNamespace(api.namespace)
                            .withLabels(labels).endMetadata().build();
                    api.create(withHolder(held(fresh, identity, limits, now, 0), me));
                    return new LeaseLock(api, name, identity, limits, clock, null);
                }
                String holder = l.getSpec() == null ? null : l.getSpec().getHolderIdentity();
                boolean free = holder == null || holder.isEmpty();
                if (!free && !expired(l, now)) {
                    throw new LockedException(refusal(api, l, holderOf(l)), holderOf(l));
                }
                RunLock.Holder before = free ? null : holderOf(l);
                int transitions = l.getSpec().getLeaseTransitions() == null ? 0 : l.getSpec().getLeaseTransitions();
                api.update(withHolder(held(l, identity, limits, now,
                        free || identity.equals(holder) ? transitions : transitions + 1), me));
                if (before != null) {
                    warn.accept("taking over the expired Lease " + api.namespace + "/" + name + " of " + before
                            + ": not renewed since " + time(l.getSpec().getRenewTime()) + " (leaseDurationSeconds "
                            + l.getSpec().getLeaseDurationSeconds() + ")");
                }
                return new LeaseLock(api, name, identity, limits, clock, before);
            } catch (StateApi.Conflict e) {
                // another runner wrote the Lease since we read it: judge it again
            }
        }
        throw new IOException("the Lease " + api.namespace + "/" + name + " changed " + ATTEMPTS
                + " times while this runner tried to take it");
    }

    /** The holder string kubectl shows: which run, on which host, which process. */
    static String identity(RunLock.Holder h) {
        return h.runId() + "_" + h.host() + "_" + h.pid();
    }

    private static Lease held(Lease base, String identity, Limits limits, Instant now, int transitions) {
        return new LeaseBuilder(base).editOrNewSpec().withHolderIdentity(identity)
                .withLeaseDurationSeconds((int) limits.leaseDuration().toSeconds())
                .withAcquireTime(micro(now))
                .withRenewTime(micro(now))
                .withLeaseTransitions(transitions).endSpec().build();
    }

    private static Lease withHolder(Lease l, RunLock.Holder me) {
        return new LeaseBuilder(l).editMetadata()
                .addToAnnotations(StateObjects.HOLDER, Json.MAPPER.writeValueAsString(me)).endMetadata().build();
    }

    /** renewTime (or acquireTime) plus leaseDurationSeconds has passed. */
    static boolean expired(Lease l, Instant now) {
        Instant renewed = time(l.getSpec().getRenewTime() != null ? l.getSpec().getRenewTime()
                : l.getSpec().getAcquireTime());
        Integer seconds = l.getSpec().getLeaseDurationSeconds();
        return renewed == null || seconds == null || now.isAfter(renewed.plusSeconds(seconds));
    }

    /** Whether {@code l} is held now (a holder, not expired), and by which run. */
    static Optional<String> heldRun(Lease l, Instant now) {
        String holder = l.getSpec() == null ? null : l.getSpec().getHolderIdentity();
        if (holder == null || holder.isEmpty() || expired(l, now)) {
            return Optional.empty();
        }
        return Optional.ofNullable(holderOf(l).runId());
    }

    static RunLock.Holder holderOf(Lease l) {
        Map<String, String> a = l.getMetadata().getAnnotations();
        String json = a == null ? null : a.get(StateObjects.HOLDER);
        try {
            if (json != null) {
                return Json.MAPPER.readValue(json, RunLock.Holder.class);
            }
        } catch (RuntimeException e) {
            // fall through: show the identity as it is
        }
        Instant since = time(l.getSpec().getAcquireTime());
        return new RunLock.Holder(0, "?", since == null ? "?" : since.toString(), l.getSpec().getHolderIdentity());
    }

    private static String refusal(StateApi api, Lease l, RunLock.Holder h) {
        Instant renewed = time(l.getSpec().getRenewTime());
        String until = renewed == null ? "" : ", renewed " + renewed + ", expires "
                + renewed.plusSeconds(l.getSpec().getLeaseDurationSeconds()) + " unless renewed";
        return "locked by " + h + " (Lease " + api.namespace + "/" + l.getMetadata().getName() + until + ")";
    }

    static Instant time(ZonedDateTime t) {
        return t == null ? null : t.toInstant();
    }

    /** A MicroTime: RFC 3339 with microseconds, in UTC. */
    private static ZonedDateTime micro(Instant t) {
        return t.truncatedTo(ChronoUnit.MICROS).atZone(ZoneOffset.UTC);
    }

    /** Why this runner no longer holds the Lease (taken by another after it expired, or not renewable), if so. */
    Optional<String> lost() {
        return Optional.ofNullable(lost);
    }

    private synchronized void renew() {
        if (lost != null) {
            return;
        }
        try {
            Lease l = api.lease(name);
            if (l == null || l.getSpec() == null || !identity.equals(l.getSpec().getHolderIdentity())) {
                lost = "the Lease " + api.namespace + "/" + name + " is "
                        + (l == null ? "gone" : "held by " + holderOf(l) + " now");
                return;
            }
            Instant now = clock.instant();
            api.update(new LeaseBuilder(l).editSpec().withRenewTime(micro(now))
                    .endSpec().build());
            renewedAt = now;
        } catch (StateApi.Conflict e) {
            // written by someone meanwhile: the next round reads it again
        } catch (IOException | RuntimeException e) {
            if (Duration.between(renewedAt, clock.instant()).compareTo(limits.leaseDuration()) > 0) {
                lost = "the Lease " + api.namespace + "/" + name + " could not be renewed for "
                        + limits.leaseDuration().toSeconds() + "s (" + e.getMessage() + ")";
            }
        }
    }

    @Override
    public Optional<RunLock.Holder> takenOverFrom() {
        return Optional.ofNullable(previous);
    }

    /** Stops renewing and clears holderIdentity (as client-go's ReleaseOnCancel), so the next run need not wait. */
    @Override
    public void close() throws IOException {
        renewer.shutdownNow();
        synchronized (this) {
            if (lost != null) {
                return;
            }
            lost = "the Lease " + api.namespace + "/" + name + " was released";
        }
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Lease l = api.lease(name);
            if (l == null || l.getSpec() == null || !identity.equals(l.getSpec().getHolderIdentity())) {
                return;
            }
            try {
                Lease free = new LeaseBuilder(l).editSpec().withHolderIdentity(null).endSpec().editMetadata()
                        .removeFromAnnotations(StateObjects.HOLDER).endMetadata().build();
                api.update(free);
                return;
            } catch (StateApi.Conflict e) {
                // renewed or read by someone meanwhile: read again
            }
        }
    }
}
