package dev.runner.k8s.manifest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a postgres container keeps its data, read from the container itself: PGDATA (its {@code env}, else the
 * image's default) and the {@code volumeMounts} entry that holds that directory (volume name, mountPath, subPath or
 * subPathExpr, exactly as the container has it). A restore initContainer given this mount writes into the very
 * directory the server will start on; one rebuilt from params could write beside it and the server would start
 * on the old data. A container with no mount for PGDATA keeps its data in the container's writable layer, which
 * dies with the pod (https://kubernetes.io/docs/concepts/storage/volumes/): refused.
 */
public record PgdataMount(String pgdata, Map<String, Object> mount) {
    /** The official postgres image (up to 17) sets {@code ENV PGDATA /var/lib/postgresql/data}. */
    public static final String IMAGE_DEFAULT = "/var/lib/postgresql/data";

    /** The mount for PGDATA of {@code container} in {@code template}; IllegalArgumentException says what is wrong. */
    public static PgdataMount of(Map<String, Object> template, String container, String defaultPgdata) {
        Map<String, Object> c = container(template, container);
        String pgdata = pgdata(c, container, defaultPgdata);
        Map<String, Object> best = null;
        for (Map<String, Object> m : maps(c.get("volumeMounts"))) {
            String path = trimmed(String.valueOf(m.get("mountPath")));
            if ((pgdata.equals(path) || pgdata.startsWith(path.equals("/") ? "/" : path + "/"))
                    && (best == null || path.length() > trimmed(String.valueOf(best.get("mountPath"))).length())) {
                best = m;
            }
        }
        if (best == null) {
            throw new IllegalArgumentException("container '" + container + "' has no volumeMount for PGDATA "
                    + pgdata + " (its mounts: " + maps(c.get("volumeMounts")).stream().map(m -> m.get("mountPath"))
                    .toList() + "): its data lives in the container's writable layer and is lost with the pod, and a"
                    + " restore could not reach the server's data directory. Mount a volume at PGDATA first;"
                    + " nothing was changed");
        }
        if (Boolean.TRUE.equals(best.get("readOnly"))) {
            throw new IllegalArgumentException("container '" + container + "' mounts PGDATA " + pgdata
                    + " read-only (volumeMount " + best.get("name") + "); nothing was changed");
        }
        Map<String, Object> mount = new LinkedHashMap<>();
        for (String key : List.of("name", "mountPath", "subPath", "subPathExpr", "mountPropagation")) {
            if (best.get(key) != null) {
                mount.put(key, best.get(key));
            }
        }
        return new PgdataMount(pgdata, mount);
    }

    /** The volume's name, for messages and outputs. */
    public String volume() {
        return String.valueOf(mount.get("name"));
    }

    private static String pgdata(Map<String, Object> c, String container, String defaultPgdata) {
        for (Map<String, Object> e : maps(c.get("env"))) {
            if ("PGDATA".equals(e.get("name"))) {
                if (e.get("valueFrom") != null || !(e.get("value") instanceof String v) || !v.startsWith("/")
                        || v.contains("$(")) {
                    throw new IllegalArgumentException("container '" + container + "' sets PGDATA to something other"
                            + " than an absolute path (" + (e.get("valueFrom") != null ? "valueFrom" : e.get("value"))
                            + "): its data directory cannot be known before the pod runs; nothing was changed");
                }
                return trimmed(v);
            }
        }
        return trimmed(defaultPgdata);
    }

    private static String trimmed(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> container(Map<String, Object> template, String name) {
        Object spec = template.get("spec");
        List<Map<String, Object>> containers = spec instanceof Map<?, ?> s ? maps(s.get("containers")) : List.of();
        return containers.stream().filter(x -> name.equals(x.get("name"))).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the pod template has no container '" + name
                        + "' (it has " + containers.stream().map(x -> x.get("name")).toList() + ")"));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> maps(Object o) {
        return o instanceof List<?> l ? l.stream().filter(Map.class::isInstance).map(x -> (Map<String, Object>) x)
                .toList() : List.of();
    }
}
