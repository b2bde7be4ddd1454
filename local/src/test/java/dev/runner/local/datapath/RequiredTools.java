package dev.runner.local.datapath;

import java.util.List;
import org.junit.jupiter.api.Assumptions;

/** Missing tools fail the suite in CI (CI=true) and skip it, with the reason, elsewhere. */
final class RequiredTools {
    private RequiredTools() {}

    static void require(List<String> missing) {
        if (missing.isEmpty()) return;
        String msg = "data-path tests need: " + String.join(", ", missing) + " (scripts/install-deps.sh test installs them)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException(msg + "; CI=true, so this fails instead of skipping");
        }
        Assumptions.abort(msg);
    }

    static void require(boolean present, String what) {
        require(present ? List.of() : List.of(what));
    }
}
