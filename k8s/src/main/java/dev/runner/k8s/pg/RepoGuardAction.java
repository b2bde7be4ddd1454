package dev.runner.k8s.pg;

import dev.runner.k8s.Kube;
import dev.runner.k8s.KubeAction;
import dev.runner.k8s.cluster.ClusterTarget;
import dev.runner.pgbackrest.RepoGuard;
import dev.runner.pgbackrest.StanzaInfo;
import dev.runner.pgbackrest.TargetException;
import dev.runner.step.Observation;
import dev.runner.step.StepException;
import dev.runner.step.StepPlan;
import dev.runner.step.StepResult;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code repo-guard}: refuses to let a database archive into a repository path whose stanza belongs to another
 * database (system identifier from pgbackrest info vs {@code pg_control_system()} of the running server).
 * With {@code onOther: report} it refuses nothing and tells instead whether the running server is the database
 * whose backups the repository holds (output {@code inPlace}): recovery uses that to restore in place.
 * Read-only; plan runs the same check when the cluster answers.
 */
public final class RepoGuardAction implements KubeAction {

    @Override
    public StepPlan plan(Kube k) throws StepException {
        RepoSource src = RepoSource.forPlan(k);
        Optional<ClusterTarget> online = k.online();
        if (online.isEmpty()) {
            return new StepPlan("check that " + repo(k) + " is empty or belongs to the database in "
                    + src.podDescription() + " (offline: no reachable cluster)", List.of(), false);
        }
        try {
            if (reporting(k)) {
                return new StepPlan(planPlace(k, src, online.get()), List.of(), false);
            }
            if (src.pendingInfo().isPresent()) {
                String systemId = src.reader(online.get()).facts().systemId();
                return new StepPlan("check that " + repo(k) + " is empty or belongs to this database (" + systemId
                        + ", in " + src.podDescription() + "), with pgbackrest info from "
                        + src.pendingInfo().get() + " when the run gets here", List.of(), false);
            }
            return new StepPlan(check(k, src, online.get()).get("summary"), List.of(), false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StepException("interrupted", true);
        }
    }

    @Override
    public StepResult run(Kube k) throws StepException, InterruptedException {
        if (reporting(k)) {
            return place(k, RepoSource.forRun(k), k.target());
        }
        Map<String, String> r = check(k, RepoSource.forRun(k), k.target());
        return new StepResult(Map.of("outcome", r.get("outcome"), "systemId", r.get("systemId")), Set.of(),
                r.get("summary"));
    }

    @Override
    public Observation observe(Kube k) {
        return Observation.notDone("a read-only check: it is simply run again");
    }

    private static boolean reporting(Kube k) {
        return "report".equals(k.args().str("onOther").orElse("fail"));
    }

    /** onOther: report — whether the running server is the repository's database, refusing nothing. */
    private static StepResult place(Kube k, RepoSource src, ClusterTarget t) throws StepException, InterruptedException {
        RepoReader reader = src.reader(t);
        StanzaInfo info = src.info(reader);
        Optional<RepoReader.DbFacts> facts = reader.factsIfUp(why -> k.log().warn("cannot ask the running server for"
                + " its system identifier (" + why + "): restoring as into another database"));
        if (facts.isEmpty()) {
            return new StepResult(Map.of("outcome", "unavailable", "inPlace", "false", "systemId", ""), Set.of(),
                    "not in place: the running server did not answer");
        }
        String systemId = facts.get().systemId();
        RepoGuard.Outcome o;
        try {
            o = RepoGuard.classify(info, systemId, repo(k));
        } catch (TargetException e) {
            throw k.invalid(e.getMessage());
        }
        boolean inPlace = o == RepoGuard.Outcome.SAME_DATABASE;
        return new StepResult(Map.of("outcome", o.name().toLowerCase().replace('_', '-'), "inPlace",
                String.valueOf(inPlace), "systemId", systemId), Set.of(), inPlace ? inPlaceSummary(k, info, systemId)
                : "not in place: " + repo(k) + " holds database " + info.systemId() + ", the running server is "
                        + systemId + " (restoring into another database)");
    }

    private static String inPlaceSummary(Kube k, StanzaInfo info, String systemId) {
        return "IN PLACE: the running server (system identifier " + systemId + ") is the database whose backups "
                + repo(k) + " (stanza " + info.name() + ") holds";
    }

    /** Plan of onOther: report: asks the running server's own pgBackRest when the repository's info comes later. */
    private static String planPlace(Kube k, RepoSource src, ClusterTarget t) throws InterruptedException {
        try {
            RepoReader reader = src.reader(t);
            StanzaInfo info = src.pendingInfo().isPresent() ? reader.info(k.args().strings("command"),
                    k.args().str("stanza").filter(s -> !s.isBlank()).orElse(null)) : src.info(reader);
            String systemId = reader.facts().systemId();
            return RepoGuard.classify(info, systemId, repo(k)) == RepoGuard.Outcome.SAME_DATABASE
                    ? inPlaceSummary(k, info, systemId)
                    : "not in place: " + repo(k) + " holds another database than the running server (" + systemId + ")";
        } catch (StepException | TargetException e) {
            return "decide in place or not when the run gets here: compare " + repo(k) + "'s system identifier with"
                    + " the running server's in " + src.podDescription() + " (not now: " + e.getMessage() + ")";
        }
    }

    private static String repo(Kube k) {
        return k.args().str("repo").filter(s -> !s.isBlank()).map(s -> "repository " + s)
                .orElse("the repository");
    }

    private static Map<String, String> check(Kube k, RepoSource src, ClusterTarget t)
            throws StepException, InterruptedException {
        RepoReader reader = src.reader(t);
        StanzaInfo info = src.info(reader);
        String systemId = reader.facts().systemId();
        if ("restored".equals(k.args().str("mode").orElse("archive"))) {
            try {
                RepoGuard.restored(info, systemId, repo(k));
            } catch (TargetException e) {
                throw new StepException(e.getMessage(), false);
            }
            return Map.of("outcome", "same-database", "systemId", systemId, "summary", "the running server is the"
                    + " database of the backup in " + repo(k) + " (system identifier " + systemId + ")");
        }
        RepoGuard.Outcome o;
        try {
            o = RepoGuard.check(info, systemId, repo(k));
        } catch (TargetException e) {
            throw k.invalid(e.getMessage());
        }
        String summary = o == RepoGuard.Outcome.EMPTY
                ? repo(k) + " has no stanza yet: it will be created for database " + systemId
                : repo(k) + " (stanza " + info.name() + ") belongs to this database (" + systemId + ")";
        return Map.of("outcome", o == RepoGuard.Outcome.EMPTY ? "empty" : "same-database", "systemId", systemId,
                "summary", summary);
    }
}
