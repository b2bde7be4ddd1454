package dev.runner.k8s.state;

import dev.runner.model.Secrets;
import dev.runner.state.Event;
import dev.runner.state.Faults;
import dev.runner.state.Json;
import dev.runner.state.RunState;
import dev.runner.state.RunStorage;
import dev.runner.state.StateMasking;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A run's journal in numbered ConfigMaps ("chunks"), one data key per event (its sequence number), each
 * append an update carrying the chunk's resourceVersion: a concurrent writer makes it fail with 409, and then
 * the chunk is read again and the event appended to what is there now (never lost). Before retrying, the
 * re-read chunk is searched for the very event, so a write whose answer was lost (it did happen) is not made
 * twice (never doubled). A full chunk is first sealed (an annotation, itself a precondition-guarded update that
 * fails any concurrent append to it), then the next chunk is created with the event, and the sealed chunks are
 * compacted into the snapshot ({@link Compactor}).
 * https://kubernetes.io/docs/reference/using-api/api-concepts/#resource-versions
 */
final class ChunkedJournal implements RunStorage {
    /** Appends retried on conflicts before giving up: only a storm of writers could use them all. */
    private static final int ATTEMPTS = 100;

    private final StateApi api;
    private final String runId;
    private final Map<String, String> labels;
    private final Limits limits;
    private final Secrets secrets;
    private final Supplier<Optional<String>> lockLost;
    private final Compactor compactor;
    private final RunState state;
    private ConfigMap current;

    private ChunkedJournal(StateApi api, String runId, Map<String, String> labels, Limits limits, Secrets secrets,
                           Supplier<Optional<String>> lockLost, RunState state, ConfigMap current) {
        this.api = api;
        this.runId = runId;
        this.labels = labels;
        this.limits = limits;
        this.secrets = secrets;
        this.lockLost = lockLost;
        this.state = state;
        this.current = current;
        this.compactor = new Compactor(api, runId, labels, limits);
    }

    static ChunkedJournal create(StateApi api, String runId, Event started, Secrets secrets, Limits limits,
                                 Supplier<Optional<String>> lockLost) throws IOException {
        Map<String, String> labels = StateObjects.labels(runId, started.workflowName(), api.namespace,
                StateObjects.JOURNAL);
        ChunkedJournal j = new ChunkedJournal(api, runId, labels, limits, secrets, lockLost, new RunState(), null);
        Event masked = StateMasking.forState(started, secrets);
        String line = j.line(masked);
        try {
            j.current = api.create(j.chunk(1, 1, line));
        } catch (StateApi.Conflict e) {
            throw new IOException("run " + runId + " already exists in namespace " + api.namespace);
        }
        Faults.afterDurable(masked);
        j.state.apply(masked);
        return j;
    }

    static ChunkedJournal open(StateApi api, String runId, Secrets secrets, Limits limits,
                               Supplier<Optional<String>> lockLost) throws IOException {
        StoredRun run = api.load(runId);
        if (run == null) {
            throw new IOException("no run " + runId + " in namespace " + api.namespace);
        }
        Map<String, String> labels = StateObjects.labels(runId, run.state().started().workflowName(), api.namespace,
                StateObjects.JOURNAL);
        ConfigMap last = run.last() != null ? run.last() : null;
        ChunkedJournal j = new ChunkedJournal(api, runId, labels, limits, secrets, lockLost, run.state(), last);
        if (last == null) { // everything compacted (not left so by a writer, but cheap to handle): start a chunk
            j.current = new ConfigMapBuilder(j.chunk(run.covered(), run.lastSeq(), null)).editMetadata()
                    .addToAnnotations(StateObjects.SEALED, "true").endMetadata().build();
        }
        return j;
    }

    @Override
    public synchronized void append(Event e) throws IOException {
        Optional<String> lost = lockLost.get();
        if (lost.isPresent()) {
            throw new IOException(lost.get() + "; this run stops writing so as not to act beside its new holder");
        }
        Event masked = StateMasking.forState(e, secrets);
        String line = line(masked);
        write(line);
        Faults.afterDurable(masked);
        state.apply(masked);
    }

    /** Every append is durable when the API server answers, so a deferred one is simply an append. */
    @Override
    public void appendDeferred(Event e) throws IOException {
        append(e);
    }

    @Override
    public void flush() {
    }

    private String line(Event masked) throws IOException {
        String line = Json.MAPPER.writeValueAsString(masked);
        int bytes = line.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > limits.eventBytes()) {
            throw new IOException("the " + masked.type() + " event" + (masked.step() != null ? " of step '"
                    + masked.step() + "'" : "") + " takes " + kib(bytes) + " KiB, more than the " + kib(limits.eventBytes())
                    + " KiB one event may take in cluster state (a ConfigMap holds at most 1 MiB): keep large outputs"
                    + " out of step outputs (write them to a file or an object of their own and output its name)");
        }
        return line;
    }

    private static long kib(int bytes) {
        return (bytes + 1023) / 1024;
    }

    private void write(String line) throws IOException {
        int size = StateObjects.eventKey(0).length() + line.getBytes(StandardCharsets.UTF_8).length;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            ConfigMap c = current;
            if (StoredRun.events(c).containsValue(line)) {
                return; // an earlier attempt went through; only its answer was lost
            }
            long seq = lastSeq(c) + 1;
            int no = StoredRun.chunkNo(c);
            try {
                if (!StoredRun.sealed(c) && (StoredRun.dataBytes(c) == 0 || StoredRun.dataBytes(c) + size <= limits.chunkBytes())) {
                    Map<String, String> data = new LinkedHashMap<>(c.getData() == null ? Map.of() : c.getData());
                    data.put(StateObjects.eventKey(seq), line);
                    current = api.update(new ConfigMapBuilder(c).withData(data).build());
                    return;
                }
                if (!StoredRun.sealed(c)) {
                    current = api.update(new ConfigMapBuilder(c).editMetadata()
                            .addToAnnotations(StateObjects.SEALED, "true").endMetadata().build());
                    continue;
                }
                current = api.create(chunk(no + 1, seq, line));
                compactor.compact(no);
                return;
            } catch (StateApi.Conflict e) {
                current = reread(StoredRun.sealed(c) ? StateObjects.chunkName(runId, no + 1) : c.getMetadata().getName());
            }
        }
        throw new IOException("run " + runId + ": could not append to its journal in namespace " + api.namespace
                + " after " + ATTEMPTS + " conflicting writes; is another runner writing this run?");
    }

    /** The chunk as stored now; if it is gone (compacted by another writer), the run's newest chunk. */
    private ConfigMap reread(String name) throws IOException {
        ConfigMap c = api.configMap(name);
        if (c != null) {
            return c;
        }
        StoredRun run = api.load(runId);
        if (run == null || run.last() == null) {
            throw new IOException("run " + runId + ": its journal in namespace " + api.namespace + " is gone");
        }
        return run.last();
    }

    private static long lastSeq(ConfigMap c) {
        var events = StoredRun.events(c);
        if (!events.isEmpty()) {
            return StateObjects.seqOf(events.lastKey());
        }
        String s = c.getMetadata().getAnnotations() == null ? null
                : c.getMetadata().getAnnotations().get(StateObjects.FIRST_SEQ);
        return s == null ? 0 : Long.parseLong(s) - 1;
    }

    /** A new chunk whose first event ({@code line}, if any) is number {@code seq}. */
    private ConfigMap chunk(int no, long seq, String line) {
        Map<String, String> data = new LinkedHashMap<>();
        if (line != null) {
            data.put(StateObjects.eventKey(seq), line);
        }
        return new ConfigMapBuilder().withNewMetadata().withName(StateObjects.chunkName(runId, no))
                .withNamespace(api.namespace).withLabels(labels)
                .addToAnnotations(StateObjects.CHUNK, Integer.toString(no))
                .addToAnnotations(StateObjects.FIRST_SEQ, Long.toString(line != null ? seq : seq + 1)).endMetadata()
                .withData(data).build();
    }

    @Override
    public synchronized RunState state() {
        return state;
    }

    @Override
    public String where() {
        return "ConfigMaps -l " + StateObjects.RUN_ID + "=" + runId + " in namespace " + api.namespace;
    }

    @Override
    public void close() {
    }
}
