package dev.runner.k8s;

import dev.runner.k8s.access.Access;
import dev.runner.step.AccessArgs;
import dev.runner.step.ApiAccess;
import java.util.List;
import dev.runner.k8s.action.KubectlImage;
import dev.runner.step.StepOutputs;

/** {@code kubectl-image}: see {@link KubectlImage}. */
public final class KubectlImageStep extends KubeStepType {
    public KubectlImageStep() {
        super("kubectl-image", "Choose the kubectl image of the API server's version (or check a given one is within"
                + " kubectl's version skew)", true, StepOutputs.of("image", "serverVersion"), KubectlImage::new);
    }

    // GET /version only: every user may (system:public-info-viewer)

    @Override
    public List<ApiAccess> apiAccess(AccessArgs args) {
        return List.of();
    }
}
