package dev.runner.state;

import dev.runner.model.Secrets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The durable state of one run directory: appends events to the journal (masked, one fsync each), keeps
 * the folded {@link RunState} in memory and writes a snapshot now and then.
 *
 * <p>Snapshot policy: a new snapshot is written when the journal has grown since the last snapshot by
 * {@link #SNAPSHOT_GAP_FACTOR} times that snapshot's size (and at least {@link #MIN_SNAPSHOT_GAP}), and at
 * close. Every snapshot but the newest two is thus paid for by four times its size in journal bytes, so all
 * snapshots together stay below a quarter of the journal plus the last two: the bytes written are linear in
 * the number of steps (never the whole state per step), while loading replays a bounded tail of journal.
 */
public final class RunStore implements RunStorage {
    public static final String JOURNAL = "journal.jsonl";
    public static final int FORMAT_VERSION = 1;
    static final long MIN_SNAPSHOT_GAP = 64 * 1024;
    /** The minimum in effect; tests lower it to reach several snapshots with few (fsynced) events. */
    static volatile long minSnapshotGap = MIN_SNAPSHOT_GAP;
    static final int SNAPSHOT_GAP_FACTOR = 4;

    private final Path dir;
    private final Journal journal;
    private final RunState state;
    private final Secrets secrets;
    private long snapshotOffset;
    private long lastSnapshotSize;
    private long bytesWritten;
    private boolean closed;

    private RunStore(Path dir, Journal journal, RunState state, Secrets secrets, long snapshotOffset) {
        this.dir = dir;
        this.journal = journal;
        this.state = state;
        this.secrets = secrets;
        this.snapshotOffset = snapshotOffset;
    }

    /** Creates a new run directory and records {@code runStarted} as its first event. */
    public static RunStore create(Path dir, Event runStarted, Secrets secrets) throws IOException {
        Files.createDirectories(dir.getParent());
        Files.createDirectory(dir);
        Snapshot.fsyncDir(dir.getParent());
        RunStore store = new RunStore(dir, Journal.open(dir.resolve(JOURNAL)), new RunState(), secrets, 0);
        store.append(runStarted);
        return store;
    }

    /** Reopens an existing run for appending (resume). */
    public static RunStore open(Path dir, Secrets secrets) throws IOException {
        Loaded l = loadWithOffset(dir);
        Journal j = Journal.open(dir.resolve(JOURNAL));
        return new RunStore(dir, j, l.state(), secrets, l.snapshotOffset());
    }

    /** Reads a run's state without taking anything: the snapshot plus the journal events after it. */
    public static RunState load(Path dir) throws IOException {
        return loadWithOffset(dir).state();
    }

    private record Loaded(RunState state, long snapshotOffset) {
    }

    private static Loaded loadWithOffset(Path dir) throws IOException {
        Path jf = dir.resolve(JOURNAL);
        Optional<Snapshot.Body> snap = Snapshot.read(dir);
        long journalSize = Files.exists(jf) ? Files.size(jf) : 0;
        RunState state;
        long offset;
        if (snap.isPresent() && snap.get().journalOffset() <= journalSize) {
            state = RunState.fromData(snap.get().state());
            offset = snap.get().journalOffset();
        } else {
            state = new RunState();
            offset = 0;
        }
        Journal.Read tail = Journal.read(jf, offset);
        tail.events().forEach(state::apply);
        if (state.started() == null) {
            throw new IOException(dir + ": no run-started event; not a run directory");
        }
        Integer v = state.started().v();
        if (v == null || v > FORMAT_VERSION) {
            throw new IOException(dir + ": state format version " + v + " is newer than this runner understands ("
                    + FORMAT_VERSION + ")");
        }
        return new Loaded(state, offset);
    }

    /** Masks, writes durably, then folds the event. Returns after the fsync. */
    @Override
    public synchronized void append(Event e) throws IOException {
        append(e, true);
    }

    /**
     * Masks, writes and folds the event, leaving its fsync to the next {@link #append} (or {@link #flush}).
     * For step-finished: it survives a killed process at once, and the write-ahead rule makes it durable
     * before the next step acts (that step's step-started is synced), so one fsync per step suffices.
     */
    @Override
    public synchronized void appendDeferred(Event e) throws IOException {
        append(e, false);
    }

    /** Makes deferred events durable. */
    @Override
    public synchronized void flush() throws IOException {
        journal.sync();
    }

    private void append(Event e, boolean sync) throws IOException {
        Event masked = StateMasking.forState(e, secrets);
        bytesWritten += journal.append(masked, sync);
        Faults.afterDurable(masked);
        state.apply(masked);
        long gap = journal.size() - snapshotOffset;
        if (gap >= Math.max(minSnapshotGap, SNAPSHOT_GAP_FACTOR * lastSnapshotSize)) {
            snapshot();
        }
    }

    public synchronized void snapshot() throws IOException {
        journal.sync(); // the snapshot must never cover journal bytes that a power loss could take back
        lastSnapshotSize = Snapshot.write(dir, state, journal.size());
        bytesWritten += lastSnapshotSize;
        snapshotOffset = journal.size();
    }

    /** The folded state; values are masked as stored. Callers must not hold it across appends from other threads. */
    @Override
    public synchronized RunState state() {
        return state;
    }

    public Path dir() {
        return dir;
    }

    @Override
    public String where() {
        return dir.toString();
    }

    /** Bytes this store has written (journal + snapshots), for the benchmark. */
    public synchronized long bytesWritten() {
        return bytesWritten;
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (journal.size() > snapshotOffset) {
                snapshot();
            }
        } finally {
            journal.close();
        }
    }
}
