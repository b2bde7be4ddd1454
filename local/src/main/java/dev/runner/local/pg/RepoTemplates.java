package dev.runner.local.pg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Renders the repository templates in {@code k8s/backup/} ({@code <type>-configmap.yaml}, {@code <type>-secret.yaml})
 * the way a workflow's {@code apply} step does ({@code ${vars.x}} filled in from the step's {@code with.vars}), and turns the ConfigMap's
 * {@code data} and the Secret's {@code stringData} into what the container sees: environment variables
 * (envFrom) and files (the Secret mounted at {@link #MOUNT}).
 */
public final class RepoTemplates {
    /** Where the Deployment mounts the repo Secret as files (gcs-key.json, ca.crt). */
    public static final String MOUNT = "/etc/pgbackrest/repo";
    private static final Pattern PARAM = Pattern.compile("\\$\\{vars\\.([A-Za-z0-9_]+)}");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

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
        Map<String, Object> cm = load(repoType + "-configmap.yaml", params);
        Map<String, Object> secret = load(repoType + "-secret.yaml", params);
        check(cm, "ConfigMap", repoType);
        check(secret, "Secret", repoType);
        for (var e : section(cm, "data").entrySet()) env.put(e.getKey(), e.getValue());
        for (var e : section(secret, "stringData").entrySet()) {
            (ENV_NAME.matcher(e.getKey()).matches() ? env : files).put(e.getKey(), e.getValue());
        }
        return new Rendered(env, files);
    }

    /** The template's text with every ${vars.x} replaced; an unknown parameter is an error, as in a workflow. */
    public String text(String file, Map<String, String> params) {
        String raw;
        try {
            raw = Files.readString(dir.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Matcher m = PARAM.matcher(raw);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String v = params.get(m.group(1));
            if (v == null) throw new IllegalArgumentException(file + ": unknown parameter " + m.group(1));
            m.appendReplacement(sb, Matcher.quoteReplacement(v));
        }
        return m.appendTail(sb).toString();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> load(String file, Map<String, String> params) {
        Object doc = new Load(LoadSettings.builder().build()).loadFromString(text(file, params));
        if (!(doc instanceof Map)) throw new IllegalArgumentException(file + ": not a mapping");
        return (Map<String, Object>) doc;
    }

    private static void check(Map<String, Object> doc, String kind, String type) {
        if (!kind.equals(doc.get("kind"))) throw new IllegalArgumentException(type + ": expected kind " + kind);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> section(Map<String, Object> doc, String key) {
        Map<String, String> out = new LinkedHashMap<>();
        Object s = doc.get(key);
        if (s instanceof Map<?, ?> m) {
            ((Map<String, Object>) m).forEach((k, v) -> out.put(k, v == null ? "" : v.toString().strip()));
        }
        return out;
    }
}
