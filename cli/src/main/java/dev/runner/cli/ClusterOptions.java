package dev.runner.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Which cluster to talk to, as with kubectl. They reach step types as {@code StepContext.settings()} under
 * the keys {@code kubeconfig}, {@code context} and {@code namespace} (only those given).
 */
public final class ClusterOptions {
    @Option(names = "--kubeconfig", paramLabel = "FILE",
            description = "Kubeconfig file (default: $KUBECONFIG, then ~/.kube/config).")
    String kubeconfig;

    @Option(names = "--context", paramLabel = "NAME", description = "Kubeconfig context (default: the current one).")
    String context;

    @Option(names = {"-n", "--namespace"}, paramLabel = "NAME",
            description = "Default namespace for steps that do not name one.")
    String namespace;

    public Map<String, String> settings(Map<String, String> env) {
        Map<String, String> out = new LinkedHashMap<>();
        String config = kubeconfig != null ? kubeconfig : env.get("KUBECONFIG");
        if (config != null && !config.isBlank()) {
            out.put("kubeconfig", config);
        }
        if (context != null) {
            out.put("context", context);
        }
        if (namespace != null) {
            out.put("namespace", namespace);
        }
        return out;
    }
}
