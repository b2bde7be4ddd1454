package dev.runner.k8s.cluster;

import dev.runner.step.StepException;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds the kubeconfig like kubectl does: {@code --kubeconfig}, else {@code KUBECONFIG} (a path list), else
 * {@code ~/.kube/config}. With a path list, the first file that defines the wanted context (or, with no context
 * given, the first that names a current-context) is used whole; clusters and users are not merged across files.
 */
final class Kubeconfigs {
    private Kubeconfigs() {
    }

    static List<File> candidates(Map<String, String> settings, Map<String, String> env) {
        String list = settings.get(Clusters.KUBECONFIG);
        if (list == null || list.isBlank()) {
            list = env.get("KUBECONFIG");
        }
        if (list == null || list.isBlank()) {
            list = Path.of(System.getProperty("user.home"), ".kube", "config").toString();
        }
        List<File> files = new ArrayList<>();
        for (String p : list.split(File.pathSeparator)) {
            if (!p.isBlank() && new File(p).isFile()) {
                files.add(new File(p));
            }
        }
        return files;
    }

    static File choose(List<File> files, String context) throws StepException {
        if (files.isEmpty()) {
            throw new StepException("no kubeconfig found: give --kubeconfig, set KUBECONFIG or create ~/.kube/config",
                    false);
        }
        for (File f : files) {
            var cfg = KubeConfigUtils.parseConfig(f);
            if (context == null ? cfg.getCurrentContext() != null && !cfg.getCurrentContext().isEmpty()
                    : cfg.getContexts() != null
                            && cfg.getContexts().stream().map(NamedContext::getName).anyMatch(context::equals)) {
                return f;
            }
        }
        throw new StepException(context == null ? "the kubeconfig names no current-context; give --context"
                : "kube context '" + context + "' is not defined in " + files, false);
    }
}
