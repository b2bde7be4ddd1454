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
        Map<String, String> r = check(k, RepoSource.forRun(k), k.target());
        return new StepResult(Map.of("outcome", r.get("outcome"), "systemId", r.get("systemId")), Set.of(),
                r.get("summary"));
    }

    @Override
    public Observation observe(Kube k) {
        return Observation.notDone("a read-only check: it is simply run again");
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
