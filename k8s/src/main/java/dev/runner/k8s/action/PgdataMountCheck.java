package dev.runner.k8s.action;

import dev.runner.k8s.Kube;
import dev.runner.k8s.KubeAction;
import dev.runner.k8s.manifest.PgdataMount;
import dev.runner.step.Observation;
import dev.runner.step.StepException;
import dev.runner.step.StepPlan;
import dev.runner.step.StepResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code pgdata-mount}: reads where the postgres container of a Deployment keeps PGDATA ({@link PgdataMount}) and
 * refuses, before a workflow changes anything, a container with no volumeMount for it. Read-only; its outputs
 * ({@code pgdata}, {@code volume}, {@code mountPath}, {@code subPath}) name the real data directory for later
 * steps.
 */
public final class PgdataMountCheck implements KubeAction {

    @Override
    public StepPlan plan(Kube k) throws StepException {
        var online = k.online();
        if (online.isEmpty()) {
            return Plans.offline("read where container " + k.args().required("container") + " of Deployment "
                    + Plans.offlineNamespace(k) + "/" + k.args().required("name") + " keeps PGDATA", List.of());
        }
        return new StepPlan(describe(resolve(k, new DeploymentEdit(k, online.get()))), List.of(), false);
    }

    @Override
    public StepResult run(Kube k) throws StepException, InterruptedException {
        PgdataMount m = resolve(k, new DeploymentEdit(k, k.target()));
        return StepResult.of(outputs(m), describe(m));
    }

    @Override
    public Observation observe(Kube k) {
        return Observation.notDone("a read-only check: it is simply run again");
    }

    private static PgdataMount resolve(Kube k, DeploymentEdit e) throws StepException {
        Map<String, Object> live = e.require();
        try {
            return PgdataMount.of(DeploymentEdit.template(live), k.args().required("container"),
                    k.args().str("defaultPgdata").filter(s -> !s.isBlank()).orElse(PgdataMount.IMAGE_DEFAULT));
        } catch (IllegalArgumentException ex) {
            throw k.invalid(e.what() + ": " + ex.getMessage());
        }
    }

    private static Map<String, String> outputs(PgdataMount m) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("pgdata", m.pgdata());
        out.put("volume", m.volume());
        out.put("mountPath", String.valueOf(m.mount().get("mountPath")));
        out.put("subPath", m.mount().get("subPath") instanceof String s ? s : "");
        return out;
    }

    private static String describe(PgdataMount m) {
        return "PGDATA " + m.pgdata() + " is on volume " + m.volume() + " (mounted at " + m.mount().get("mountPath")
                + (m.mount().get("subPath") instanceof String s && !s.isEmpty() ? ", subPath " + s : "") + ")";
    }
}
