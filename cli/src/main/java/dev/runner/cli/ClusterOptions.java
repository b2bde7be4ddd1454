package dev.runner.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Which cluster to talk to, and as whom, as with kubectl. They reach step types as {@code StepContext.settings()}
 * under the keys {@code kubeconfig}, {@code context}, {@code namespace}, {@code as} and {@code asGroups} (only
 * those given).
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

    @Option(names = "--as", paramLabel = "USER",
            description = "Act as this user or service account (system:serviceaccount:NS:NAME), like kubectl --as.")
    String as;

    @Option(names = "--as-group", paramLabel = "GROUP",
            description = "Act with this group too (repeatable; needs --as or the kubeconfig user's as:), like kubectl.")
    List<String> asGroups = new ArrayList<>();

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
        if (as != null) {
            out.put("as", as);
        }
        if (!asGroups.isEmpty()) {
            out.put("asGroups", String.join("\n", asGroups)); // Impersonation.GROUP_SEPARATOR in module k8s
        }
        return out;
    }
}
