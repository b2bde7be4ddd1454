package dev.runner.k8s.pg;

import dev.runner.k8s.Kube;
import dev.runner.k8s.KubeAction;
import dev.runner.k8s.cluster.ClusterTarget;
import dev.runner.pgbackrest.ArchiverStatus;
import dev.runner.pgbackrest.BackupSet;
import dev.runner.pgbackrest.Preflight;
import dev.runner.pgbackrest.RecoveryTarget;
import dev.runner.pgbackrest.StanzaInfo;
import dev.runner.pgbackrest.TargetException;
import dev.runner.pgbackrest.TargetParser;
import dev.runner.pgbackrest.Times;
import dev.runner.step.Observation;
import dev.runner.step.StepException;
import dev.runner.step.StepPlan;
import dev.runner.step.StepResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code backup-preflight}: parses the recovery target strictly, reads the repository, and refuses a target
 * outside the recoverable window before anything changes; otherwise names the backup set to restore. Read-only,
 * so {@code plan} does the same check when the cluster answers.
 */
public final class BackupPreflight implements KubeAction {

    @Override
    public StepPlan plan(Kube k) throws StepException {
        RecoveryTarget target = target(k);
        RepoSource src = RepoSource.forPlan(k);
        Optional<String> later = src.pendingInfo();
        Optional<ClusterTarget> online = k.online();
        if (src.infoJson().isEmpty() && online.isEmpty()) {
            return new StepPlan(later.map(p -> checkedAtRunTime(target, p, "no reachable cluster"))
                    .orElse("check target " + target + " against the recoverable window (pgbackrest info in "
                            + src.podDescription() + ") (offline: no reachable cluster)"), List.of(), false);
        }
        try {
            Verdict v = verdict(k, src, online.orElse(null));
            return new StepPlan(v.verdict.summary(), v.details(), false);
        } catch (Unavailable e) {
            if (later.isPresent()) {
                return new StepPlan(checkedAtRunTime(target, later.get(), e.cause.getMessage()), List.of(), false);
            }
            if (!"warn".equals(k.args().str("onUnavailable").orElse("fail"))) {
                throw e.cause;
            }
            return new StepPlan("target " + target + " cannot be checked against the window: " + e.cause.getMessage()
                    + " (onUnavailable: warn, the restore goes ahead unchecked)", List.of(), false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StepException("interrupted", true);
        }
    }

    /** Plan of a check whose repository info comes from an earlier step of the run (e.g. a Job in a new cluster). */
    private static String checkedAtRunTime(RecoveryTarget target, String source, String whyNotNow) {
        return "check target " + target + " against the recoverable window and name the backup set when the run"
                + " gets here, with pgbackrest info from " + source + ", before anything changes (not now: "
                + whyNotNow + ")";
    }

    @Override
    public StepResult run(Kube k) throws StepException, InterruptedException {
        RepoSource src = RepoSource.forRun(k);
        Verdict v;
        try {
            v = verdict(k, src, src.infoJson().isPresent() ? k.online().orElse(null) : k.target());
        } catch (Unavailable e) {
            if (!"warn".equals(k.args().str("onUnavailable").orElse("fail"))) {
                throw e.cause;
            }
            return unchecked(k, e.cause);
        }
        v.details().forEach(line -> k.log().info(line));
        Preflight.Verdict p = v.verdict;
        Map<String, String> out = new LinkedHashMap<>();
        out.put("backupSet", p.backupSet().label());
        out.put("type", p.target().pgbackrestType());
        out.put("target", p.target().value());
        out.put("targetUtc", p.target().value());
        out.put("timeline", TargetParser.timeline(k.args().str("timeline").orElse("")));
        out.put("windowStart", Times.utc(p.window().start()));
        out.put("windowEnd", Times.utc(p.window().end()));
        out.put("windowEndSource", p.window().endSource().name().toLowerCase());
        out.put("windowEndLsn", p.window().endLsn().toString());
        return new StepResult(out, Set.of(), p.summary());
    }

    @Override
    public Observation observe(Kube k) {
        return Observation.notDone("a read-only check: it is simply run again");
    }

    /** The repository could not be read (no pod, no pgBackRest in it, store unreachable): not a verdict. */
    private static final class Unavailable extends Exception {
        final StepException cause;

        Unavailable(StepException cause) {
            super(cause.getMessage(), null, false, false);
            this.cause = cause;
        }
    }

    /** With onUnavailable: warn: the target parsed and normalised, the window unknown. */
    private static StepResult unchecked(Kube k, StepException why) throws StepException {
        RecoveryTarget t = target(k);
        k.log().warn("the recovery target was not checked against the recoverable window: " + why.getMessage());
        Map<String, String> out = new LinkedHashMap<>();
        out.put("backupSet", k.args().str("backupSet").orElse(""));
        out.put("type", t.pgbackrestType());
        out.put("target", t.value());
        out.put("targetUtc", t.value());
        out.put("timeline", TargetParser.timeline(k.args().str("timeline").orElse("")));
        out.put("windowStart", "unknown");
        out.put("windowEnd", "unknown");
        out.put("windowEndSource", "unknown");
        out.put("windowEndLsn", "unknown");
        return new StepResult(out, Set.of(), "target " + t + " (window not checked: " + why.getMessage() + ")");
    }

    private record Verdict(Preflight.Verdict verdict, List<String> notes) {
        List<String> details() {
            List<String> d = new ArrayList<>();
            d.add("recoverable window: " + verdict.window().describe());
            verdict.warnings().forEach(w -> d.add("warning: " + w));
            d.addAll(notes);
            return d;
        }
    }

    private static RecoveryTarget target(Kube k) throws StepException {
        try {
            TargetParser.timeline(k.args().str("timeline").orElse(""));
            return TargetParser.parse(k.args().str("target").orElse("latest"), k.args().str("targetValue").orElse(""));
        } catch (TargetException e) {
            throw k.invalid(e.getMessage());
        }
    }

    /** @param cluster where the postgres pod is; null when only infoJson is known */
    private static Verdict verdict(Kube k, RepoSource src, ClusterTarget cluster)
            throws StepException, InterruptedException, Unavailable {
        RecoveryTarget target = target(k);
        List<String> notes = new ArrayList<>();
        RepoReader reader;
        StanzaInfo info;
        try {
            reader = cluster == null ? null : reader(src, cluster, notes);
            info = src.info(reader);
        } catch (StepException e) {
            throw new Unavailable(e);
        }
        if (info.statusCode() == 1 || info.statusCode() == 3) {
            // the pod asked may be configured for another repository (e.g. a new cluster's own): not a verdict
            throw new Unavailable(new StepException(k.stepId() + ": the repository as seen from "
                    + (reader == null ? "infoJson" : reader.where()) + " has no stanza " + info.name() + " ('"
                    + info.statusMessage() + "'): is that the backup repository?", false));
        }
        Optional<RepoReader.DbFacts> facts = Optional.empty();
        if (reader != null && k.args().bool("database", true)) {
            facts = reader.factsIfUp(why -> notes.add("the running database was not asked for its archiver status: " + why));
        }
        facts.filter(f -> !f.systemId().equals(info.systemId())).ifPresent(f -> notes.add("the running database ("
                + f.systemId() + ") is not the repository's (" + info.systemId() + "): its archiver status is not used"));
        Optional<ArchiverStatus> archiver = facts.map(RepoReader.DbFacts::archiver);
        Preflight.Verdict v;
        try {
            v = Preflight.check(target, info, archiver, facts.map(RepoReader.DbFacts::systemId).orElse(null), Instant.now());
        } catch (TargetException e) {
            throw k.invalid(e.getMessage());
        }
        Optional<String> given = k.args().str("backupSet").filter(s -> !s.isBlank());
        if (given.isPresent()) {
            v = withGivenSet(k, v, info, given.get());
        }
        return new Verdict(v, notes);
    }

    /**
     * The pod to ask. With infoJson it only adds the archiver's view of the window's end, so a missing pod
     * (a new cluster) is a note, not a failure.
     */
    private static RepoReader reader(RepoSource src, ClusterTarget cluster, List<String> notes) throws StepException {
        try {
            return src.reader(cluster);
        } catch (StepException e) {
            if (src.infoJson().isEmpty()) {
                throw e;
            }
            notes.add("no database was asked for its archiver status (" + e.getMessage() + ")");
            return null;
        }
    }

    /** A backup set named by the user: it must exist and be consistent no later than the computed one. */
    private static Preflight.Verdict withGivenSet(Kube k, Preflight.Verdict v, StanzaInfo info, String label)
            throws StepException {
        BackupSet set = info.currentBackups().stream().filter(b -> b.label().equals(label)).findFirst()
                .orElseThrow(() -> k.invalid("backup set " + label + " is not in the repository; it has: "
                        + String.join(", ", info.currentBackups().stream().map(BackupSet::label).toList())));
        if (set.stop().isAfter(v.backupSet().stop())) {
            throw k.invalid("backup set " + label + " became consistent at " + Times.utc(set.stop())
                    + ", after the target " + v.target() + ": recovery from it cannot reach the target; use "
                    + v.backupSet().label() + " or an earlier set");
        }
        return new Preflight.Verdict(v.target(), set, v.window(), v.warnings());
    }
}
