package dev.runner.k8s.pg;

import dev.runner.k8s.cluster.ExecResult;
import dev.runner.pgbackrest.ArchiverStatus;
import dev.runner.pgbackrest.InfoException;
import dev.runner.pgbackrest.InfoParser;
import dev.runner.pgbackrest.StanzaInfo;
import dev.runner.step.StepException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Reads the repository (pgbackrest info) and the running database's identity and archiver through a {@link PgPod}. */
public final class RepoReader {
    /** The image's entrypoint runs pgBackRest for the stanza configured by PGBACKREST_* (see k8s/image). */
    public static final List<String> INFO = List.of("runner-pg.sh", "info", "--output=json");
    private static final String FACTS = "select (select system_identifier from pg_control_system())::text || ' ' || "
            + "(select row_to_json(a) from pg_stat_archiver a)::text";

    /** The running database: its system identifier and pg_stat_archiver row. */
    public record DbFacts(String systemId, ArchiverStatus archiver) {
    }

    private final PgPod pod;
    private final Duration timeout;

    public RepoReader(PgPod pod, Duration timeout) {
        this.pod = pod;
        this.timeout = timeout;
    }

    public String where() {
        return pod.where();
    }

    /** Runs {@code command} (default {@link #INFO}) and parses the one stanza it reports. */
    public StanzaInfo info(List<String> command, String stanza) throws StepException, InterruptedException {
        ExecResult r = pod.exec(command == null || command.isEmpty() ? INFO : command, timeout);
        if (r.exitCode() != 0) {
            throw new StepException("pgbackrest info in " + pod.where() + " failed (exit " + r.exitCode() + "): "
                    + PgPod.lastLines(r.stderr() + "\n" + r.stdout(), 6), r.exitCode() != 127 && r.exitCode() != 2);
        }
        try {
            return InfoParser.stanza(r.stdout(), stanza);
        } catch (InfoException e) {
            throw new StepException(e.getMessage() + " (in " + pod.where() + ")", false);
        }
    }

    /** The database's facts, or the reason they could not be read (the server may be down during a recovery). */
    public DbFacts facts() throws StepException, InterruptedException {
        String line = pod.sql(FACTS, timeout);
        int space = line.indexOf(' ');
        if (space < 0) {
            throw new StepException("unexpected answer from " + pod.where() + ": " + line, false);
        }
        try {
            return new DbFacts(line.substring(0, space), ArchiverStatus.parse(line.substring(space + 1)));
        } catch (InfoException e) {
            throw new StepException(e.getMessage(), false);
        }
    }

    /** {@link #facts()} when the database answers; empty (with the reason logged by the caller) otherwise. */
    public Optional<DbFacts> factsIfUp(java.util.function.Consumer<String> why) throws InterruptedException {
        try {
            return Optional.of(facts());
        } catch (StepException e) {
            why.accept(e.getMessage());
            return Optional.empty();
        }
    }
}
