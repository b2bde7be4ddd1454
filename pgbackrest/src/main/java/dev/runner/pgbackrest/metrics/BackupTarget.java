package dev.runner.pgbackrest.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

/** What a backup metric is about: the labels every series of a target carries. */
public record BackupTarget(String namespace, String deployment, String stanza) {

    public Map<String, String> labels() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("namespace", namespace == null ? "" : namespace);
        m.put("deployment", deployment == null ? "" : deployment);
        m.put("stanza", stanza == null ? "" : stanza);
        return m;
    }

    public BackupTarget withStanza(String name) {
        return new BackupTarget(namespace, deployment, name);
    }
}
