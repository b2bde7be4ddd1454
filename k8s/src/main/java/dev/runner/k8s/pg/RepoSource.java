package dev.runner.k8s.pg;

import dev.runner.k8s.Kube;
import dev.runner.k8s.cluster.ClusterTarget;
import dev.runner.pgbackrest.InfoException;
import dev.runner.pgbackrest.InfoParser;
import dev.runner.pgbackrest.StanzaInfo;
import dev.runner.step.StepException;
import java.time.Duration;
import java.util.Optional;

/**
 * Where a pgBackRest step gets the repository's info and the database's facts, from its {@code with}: the text
 * of {@code infoJson} (e.g. an earlier Job's output), else {@code command} run in the postgres pod chosen by
 * {@code pod}/{@code selector}/{@code container} in {@code context}/{@code namespace}.
 */
final class RepoSource {
    static final String DEFAULT_SELECTOR = "app=postgres";
    static final Duration EXEC_TIMEOUT = Duration.ofMinutes(2);

    private final Kube k;
    private final boolean planning;

    private RepoSource(Kube k, boolean planning) {
        this.k = k;
        this.planning = planning;
    }

    static RepoSource forRun(Kube k) {
        return new RepoSource(k, false);
    }

    /** At plan time an infoJson that is still a placeholder is not an error: the pod is asked instead, if any. */
    static RepoSource forPlan(Kube k) {
        return new RepoSource(k, true);
    }

    /** The info JSON given in {@code with}; empty when none is given or it is not known yet (see {@link #pendingInfo}). */
    Optional<String> infoJson() {
        return given().filter(RepoSource::looksLikeJson);
    }

    /**
     * At plan time an earlier step's output is a placeholder, not JSON: the repository is read when the run
     * gets here. Returns that placeholder (e.g. {@code <output of step preflight.job>}).
     */
    Optional<String> pendingInfo() {
        return given().filter(s -> !looksLikeJson(s));
    }

    private Optional<String> given() {
        return k.args().str("infoJson").filter(s -> !s.isBlank());
    }

    private static boolean looksLikeJson(String s) {
        String t = s.strip();
        return t.startsWith("[") || t.startsWith("{");
    }

    String podDescription() {
        return k.args().str("pod").map(p -> "pod " + p)
                .orElse("the pod matching " + k.args().str("selector").orElse(DEFAULT_SELECTOR));
    }

    PgPod pod(ClusterTarget t) throws StepException {
        return PgPod.find(t, k.clusters().podExec(), k.args().str("pod").orElse(null),
                k.args().str("selector").orElse(DEFAULT_SELECTOR), k.args().str("container").orElse(null),
                k.args().str("pgUser").filter(s -> !s.isBlank()).orElse(null));
    }

    RepoReader reader(ClusterTarget t) throws StepException {
        return new RepoReader(pod(t), k.args().duration("execTimeout").orElse(EXEC_TIMEOUT));
    }

    /** The stanza from infoJson, or by running the info command through {@code reader}. */
    StanzaInfo info(RepoReader reader) throws StepException, InterruptedException {
        String stanza = k.args().str("stanza").filter(s -> !s.isBlank()).orElse(null);
        Optional<String> json = infoJson();
        if (!planning && pendingInfo().isPresent()) {
            throw k.invalid("with.infoJson is not pgbackrest info JSON: " + PgPod.lastLines(pendingInfo().get(), 1));
        }
        if (json.isPresent()) {
            try {
                return InfoParser.stanza(json.get(), stanza);
            } catch (InfoException e) {
                throw k.invalid("with.infoJson: " + e.getMessage());
            }
        }
        return reader.info(k.args().strings("command"), stanza);
    }
}
