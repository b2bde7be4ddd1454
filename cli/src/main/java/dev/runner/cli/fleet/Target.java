package dev.runner.cli.fleet;

import java.util.Map;

/** One target of a fleet: a name, a kube context (null: the default one), a namespace and its params. */
public record Target(String name, String context, String namespace, Map<String, String> params) {
    public Target {
        params = Map.copyOf(params);
    }

    /** {@code context/namespace}, as the table shows it. */
    public String where() {
        return (context == null ? "" : context + "/") + namespace;
    }
}
