package dev.runner.local.pg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.runner.k8s.manifest.Templates;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders the repository templates in {@code k8s/backup/} ({@code <type>-configmap.yaml}, {@code <type>-secret.yaml})
 * the way a workflow's {@code apply} step does ({@code ${vars.x}} filled in from the step's {@code with.vars}), and turns the ConfigMap's
 * {@code data} and the Secrets' {@code stringData} into what the container sees: environment variables
 * (envFrom of the ConfigMap and Secret pgbackrest-repo) and files (Secret pgbackrest-repo-files mounted at
 * {@link #MOUNT}).
 */
public final class RepoTemplates {
    /** Where the Deployment mounts Secret pgbackrest-repo-files (gcs-key.json, ca.crt). */
    public static final String MOUNT = "/etc/pgbackrest/repo";
    /** The Secret mounted as files; Secret pgbackrest-repo and the ConfigMap arrive by envFrom. */
    private static final String FILES_SECRET = "pgbackrest-repo-files";

    /** The container's view of one repo type's ConfigMap + Secret. */
    public record Rendered(Map<String, String> env, Map<String, String> files) {
        /**
         * Writes the Secret's file keys into {@code dir} (standing in for the volume mount) and points env values
         * under {@link #MOUNT} there.
         */
        public Map<String, String> mountFilesAt(Path dir) {
            Map<String, String> out = new LinkedHashMap<>();
            try {
                Files.createDirectories(dir);
                for (var f : files.entrySet()) Files.writeString(dir.resolve(f.getKey()), f.getValue());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            env.forEach((k, v) -> out.put(k, v.startsWith(MOUNT + "/") ? dir + v.substring(MOUNT.length()) : v));
            return out;
        }
    }

    private final Path dir;

    public RepoTemplates(Path repoRoot) {
        this.dir = repoRoot.resolve("k8s/backup");
    }

    public Rendered render(String repoType, Map<String, String> params) {
        Map<String, String> env = new LinkedHashMap<>();
        Map<String, String> files = new LinkedHashMap<>();
        for (Map<String, Object> doc : load(repoType + "-configmap.yaml", params)) {
            check(doc, "ConfigMap", repoType);
            env.putAll(section(doc, "data"));
        }
        for (Map<String, Object> doc : load(repoType + "-secret.yaml", params)) {
            check(doc, "Secret", repoType);
            boolean asFiles = FILES_SECRET.equals(((Map<?, ?>) doc.get("metadata")).get("name"));
            (asFiles ? files : env).putAll(section(doc, "stringData"));
        }
        return new Rendered(env, files);
    }

    /** The template's documents as the apply step renders them (variables substituted into the parsed values). */
    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> load(String file, Map<String, String> params) {
        String raw;
        try {
            raw = Files.readString(dir.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object doc : Templates.render(raw, new LinkedHashMap<>(params), file)) {
            if (!(doc instanceof Map)) throw new IllegalArgumentException(file + ": not a mapping");
            docs.add((Map<String, Object>) doc);
        }
        return docs;
    }

    private static void check(Map<String, Object> doc, String kind, String type) {
        if (!kind.equals(doc.get("kind"))) throw new IllegalArgumentException(type + ": expected kind " + kind);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> section(Map<String, Object> doc, String key) {
        Map<String, String> out = new LinkedHashMap<>();
        Object s = doc.get(key);
        if (s instanceof Map<?, ?> m) {
            ((Map<String, Object>) m).forEach((k, v) -> out.put(k, v == null ? "" : v.toString()));
        }
        return out;
    }
}
