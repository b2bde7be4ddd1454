package dev.runner.exec;

import dev.runner.model.Secrets;
import dev.runner.model.Step;
import dev.runner.model.Workflow;
import dev.runner.state.Event;
import dev.runner.state.Hashing;
import dev.runner.state.Host;
import dev.runner.state.LockedException;
import dev.runner.state.RunLock;
import dev.runner.state.RunState;
import dev.runner.state.RunStorage;
import dev.runner.state.RunStore;
import dev.runner.state.StateBackend;
import dev.runner.state.StateDir;
import dev.runner.state.TargetLock;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * A run's durable state with its locks held: the workflow+target lock (two runs must not drive the same
 * target at once) and the run directory's lock. Created by {@link #start} for a new run or {@link #resume}.
 */
public final class RunSession implements AutoCloseable {
    private final TargetLock targetLock;
    private final TargetLock runLock;
    private final RunStorage store;

    private RunSession(TargetLock targetLock, TargetLock runLock, RunStorage store) {
        this.targetLock = targetLock;
        this.runLock = runLock;
        this.store = store;
    }

    /** The params of a run: all values (secrets included, in memory only) and which are secret. */
    public record Params(Map<String, String> values, Set<String> secretNames) {
        public Params {
            values = new TreeMap<>(values);
            secretNames = Set.copyOf(secretNames);
        }
    }

    public static RunSession start(StateBackend dir, Workflow wf, Params params, Map<String, String> settings,
                                   Secrets secrets, Consumer<String> warn) throws IOException, LockedException {
        String runId = StateDir.newRunId();
        TargetLock target = dir.lockTarget(wf.source(), wf.name(), settings, runId, warn);
        try {
            stopLeftoversOfDeadHolder(dir, target, warn);
            String salt = Hashing.newSalt();
            Map<String, String> shown = new LinkedHashMap<>();
            params.values().forEach((k, v) -> shown.put(k, params.secretNames().contains(k) ? Secrets.MASK : v));
            Event started = new Event(Event.RUN_STARTED, Instant.now().toString(), RunStore.FORMAT_VERSION, runId,
                    wf.source().toAbsolutePath().normalize().toString(), wf.name(), fileHashes(wf), shown,
                    new ArrayList<>(new java.util.TreeSet<>(params.secretNames())),
                    Hashing.paramsHash(params.values(), salt), salt, new TreeMap<>(settings),
                    ProcessHandle.current().pid(), Host.name(), null, null, null, null, null, null, null, null,
                    null, null, null, null);
            RunStorage store = dir.create(runId, started, secrets);
            TargetLock own;
            try {
                own = dir.lockRun(runId, warn);
            } catch (IOException | LockedException | RuntimeException e) {
                store.close();
                throw e;
            }
            return new RunSession(target, own, store);
        } catch (IOException | LockedException | RuntimeException e) {
            target.close();
            throw e;
        }
    }

    /** Thrown when resume must not go on (changed workflow/params without --force, unknown step names). */
    public static final class Refused extends Exception {
        public Refused(String message) {
            super(message);
        }
    }

    /**
     * Reopens a run: checks the workflow files and params against the recorded hashes (unless
     * {@code force}), then records which steps run again ({@code from} and everything downstream of it)
     * and which are skipped.
     */
    public static RunSession resume(StateBackend dir, String runId, Workflow wf, Params params,
                                    Map<String, String> settings, Secrets secrets, boolean force, List<String> from,
                                    List<String> skip, Consumer<String> warn)
            throws IOException, LockedException, Refused {
        TargetLock target = dir.lockTarget(wf.source(), wf.name(), settings, runId, warn);
        TargetLock own = null;
        RunStorage store = null;
        try {
            own = dir.lockRun(runId, warn);
            store = dir.open(runId, secrets);
            RunState st = store.state();
            stopLeftoversOfDeadHolder(dir, target, warn);
            LeftoverSteps.stop(st, warn);
            List<String> changes = changes(st.started(), wf, params);
            if (!changes.isEmpty() && !force) {
                throw new Refused("run " + runId + " was started with " + changes.stream()
                        .map(c -> c.equals("params") ? "different params" : "a different " + c)
                        .collect(java.util.stream.Collectors.joining(" and "))
                        + "; resuming could mix two versions. Use --force to resume anyway, or start a new run");
            }
            changes.forEach(c -> warn.accept("--force: the " + c + " changed since the run started"));
            for (String id : concat(from, skip)) {
                if (wf.step(id).isEmpty()) {
                    throw new Refused("no step '" + id + "' in " + wf.source());
                }
            }
            List<String> reset = new ArrayList<>();
            for (String f : from) {
                reset.addAll(downstream(wf, f));
            }
            boolean accepted = !changes.isEmpty();
            String salt = accepted ? Hashing.newSalt() : null;
            store.append(Event.runResumed(Instant.now().toString(), ProcessHandle.current().pid(), Host.name(),
                    List.copyOf(new LinkedHashSet<>(reset)), List.copyOf(skip), accepted,
                    accepted ? fileHashes(wf) : null, accepted ? Hashing.paramsHash(params.values(), salt) : null, salt));
            return new RunSession(target, own, store);
        } catch (IOException | LockedException | Refused | RuntimeException e) {
            if (store != null) {
                store.close();
            }
            if (own != null) {
                own.close();
            }
            target.close();
            throw e;
        }
    }

    /** A lock taken over from a dead run: that run's steps must not still be acting. */
    private static void stopLeftoversOfDeadHolder(StateBackend dir, TargetLock lock, Consumer<String> warn)
            throws IOException, LockedException {
        Optional<RunLock.Holder> dead = lock.takenOverFrom();
        if (dead.isPresent() && dead.get().runId() != null && Host.name().equals(dead.get().host())) {
            Optional<RunState> st = dir.find(dead.get().runId()); // its process groups can only be on this host
            if (st.isPresent()) {
                LeftoverSteps.stop(st.get(), warn);
            }
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> l = new ArrayList<>(a);
        l.addAll(b);
        return l;
    }

    /**
     * What differs from the recorded run: "workflow file(s)" and/or "params". The files are compared by content,
     * not by path: resumed on another machine (state in the cluster) the same workflow lies in another directory.
     */
    static List<String> changes(Event started, Workflow wf, Params params) throws IOException {
        List<String> out = new ArrayList<>();
        if (!sameContent(fileHashes(wf), started.files())) {
            out.add("workflow file(s)");
        }
        if (!Hashing.paramsHash(params.values(), started.salt()).equals(started.paramsHash())) {
            out.add("params");
        }
        return out;
    }

    private static boolean sameContent(Map<String, String> now, Map<String, String> recorded) {
        return recorded != null && now.values().stream().sorted().toList()
                .equals(recorded.values().stream().sorted().toList());
    }

    /** sha256 of the workflow file and of every file a step was declared in (composite step files). */
    static Map<String, String> fileHashes(Workflow wf) throws IOException {
        Map<String, String> h = new TreeMap<>();
        Set<Path> files = new LinkedHashSet<>();
        files.add(wf.source());
        for (Step s : wf.steps()) {
            if (s.pos() != null && s.pos().file() != null) {
                files.add(s.pos().file());
            }
        }
        for (Path f : files) {
            Path abs = f.toAbsolutePath().normalize();
            if (java.nio.file.Files.isRegularFile(abs)) {
                h.put(abs.toString(), Hashing.sha256(abs));
            }
        }
        return h;
    }

    /** {@code id} and every step that (transitively) needs it, in workflow order. */
    public static List<String> downstream(Workflow wf, String id) {
        Set<String> set = new LinkedHashSet<>(dev.runner.plan.Dag.of(wf.steps()).downstream(id));
        set.add(id);
        return wf.steps().stream().map(Step::id).filter(set::contains).toList();
    }

    public RunStorage store() {
        return store;
    }

    public String runId() {
        return store.state().runId();
    }

    @Override
    public void close() throws IOException {
        try {
            store.close();
        } finally {
            try {
                runLock.close();
            } finally {
                targetLock.close();
            }
        }
    }
}
