package dev.runner.k8s;

import dev.runner.k8s.access.Access;
import dev.runner.step.AccessArgs;
import dev.runner.step.ApiAccess;
import java.util.List;
import java.util.Map;
import dev.runner.k8s.action.Delete;
import dev.runner.step.StepOutputs;

/** {@code delete}: see {@link Delete}. */
public final class DeleteStep extends KubeStepType {
    public DeleteStep() {
        super("delete", "Delete objects by kind and name or by manifest", true, StepOutputs.of("deleted", "missing"),
                () -> new Delete());
    }

    /** Each object is read (does it exist?) and deleted: by kind and name, by reference, or by manifest. */
    @SuppressWarnings("unchecked")
    static List<ApiAccess> access(AccessArgs args) {
        Access a = Access.of(args);
        if (args.with().get("kind") != null) {
            a.kind((String) args.with().get("apiVersion"), String.valueOf(args.with().get("kind")), null, "get",
                    "delete");
        } else if (args.with().get("objects") instanceof List<?> refs) {
            for (Object r : refs) {
                Map<String, Object> ref = (Map<String, Object>) r;
                a.kind((String) ref.get("apiVersion"), String.valueOf(ref.get("kind")), (String) ref.get("namespace"),
                        "get", "delete");
            }
        } else {
            a.objects("get", "delete");
        }
        return a.list();
    }

    @Override
    public List<ApiAccess> apiAccess(AccessArgs args) {
        return DeleteStep.access(args);
    }
}
