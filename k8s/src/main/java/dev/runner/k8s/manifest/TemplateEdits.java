package dev.runner.k8s.manifest;

import dev.runner.k8s.Args;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The edits of {@code patch-deployment} applied to a pod template (a map). Every edit is idempotent — set a
 * value, insert-or-replace a list entry by its key, remove by name — so applying the same edits twice gives the
 * same template, and a second run changes nothing.
 */
public final class TemplateEdits {
    private TemplateEdits() {
    }

    /** Edits {@code template} in place; IllegalArgumentException names what is missing. */
    public static void apply(Map<String, Object> template, Args a) {
        Map<String, Object> spec = child(template, "spec");
        String name = a.str("container").orElseThrow(() -> new IllegalArgumentException("with.container is required"));
        List<Map<String, Object>> containers = list(spec, "containers");
        Map<String, Object> c = containers.stream().filter(x -> name.equals(x.get("name"))).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the pod template has no container '" + name
                        + "' (it has " + containers.stream().map(x -> x.get("name")).toList() + ")"));
        a.str("image").ifPresent(v -> c.put("image", v));
        if (a.has("command")) {
            c.put("command", new ArrayList<>(a.strings("command")));
        }
        if (a.has("args")) {
            c.put("args", new ArrayList<>(a.strings("args")));
        }
        if (a.has("env") || a.has("removeEnv")) {
            List<Map<String, Object>> env = list(c, "env");
            envEntries(a.raw("env")).forEach(e -> upsert(env, e, "name"));
            env.removeIf(e -> a.strings("removeEnv").contains(String.valueOf(e.get("name"))));
            putOrDrop(c, "env", env);
        }
        if (a.has("envFrom")) {
            List<Map<String, Object>> envFrom = list(c, "envFrom");
            for (Map<String, Object> e : objects(a.raw("envFrom"))) {
                if (!envFrom.contains(e)) {
                    envFrom.add(e);
                }
            }
            c.put("envFrom", envFrom);
        }
        if (a.has("volumeMounts")) {
            List<Map<String, Object>> mounts = list(c, "volumeMounts");
            objects(a.raw("volumeMounts")).forEach(m -> upsert(mounts, m, "mountPath"));
            c.put("volumeMounts", mounts);
        }
        if (a.has("volumes")) {
            List<Map<String, Object>> volumes = list(spec, "volumes");
            objects(a.raw("volumes")).forEach(v -> upsert(volumes, v, "name"));
            spec.put("volumes", volumes);
        }
        if (a.has("initContainers")) {
            List<Map<String, Object>> inits = list(spec, "initContainers");
            objects(a.raw("initContainers")).forEach(i -> upsert(inits, i, "name"));
            spec.put("initContainers", inits);
        }
        if (a.has("pgdataTo")) {
            shareDataDirectory(template, spec, name, a);
        }
    }

    /**
     * {@code pgdataTo}: the named initContainers get the container's own PGDATA and the very volumeMount that holds
     * it ({@link PgdataMount}), so a restore writes where the server will read.
     */
    private static void shareDataDirectory(Map<String, Object> template, Map<String, Object> spec, String container,
            Args a) {
        PgdataMount data = PgdataMount.of(template, container,
                a.str("defaultPgdata").filter(s -> !s.isBlank()).orElse(PgdataMount.IMAGE_DEFAULT));
        List<Map<String, Object>> inits = list(spec, "initContainers");
        for (String init : a.strings("pgdataTo")) {
            Map<String, Object> ic = inits.stream().filter(x -> init.equals(x.get("name"))).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("with.pgdataTo names initContainer '" + init
                            + "', which the pod template does not have"));
            List<Map<String, Object>> mounts = list(ic, "volumeMounts");
            upsert(mounts, new LinkedHashMap<>(data.mount()), "mountPath");
            List<Map<String, Object>> env = list(ic, "env");
            upsert(env, new LinkedHashMap<>(Map.of("name", "PGDATA", "value", data.pgdata())), "name");
        }
        putOrDrop(spec, "initContainers", inits);
    }

    /** {@code env} as a map NAME: value | {valueFrom: …}, or as a list of EnvVar objects. */
    private static List<Map<String, Object>> envEntries(Object env) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (env instanceof Map<?, ?> m) {
            m.forEach((k, v) -> {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("name", String.valueOf(k));
                if (v instanceof Map<?, ?> from) {
                    from.forEach((fk, fv) -> e.put(String.valueOf(fk), fv));
                } else {
                    e.put("value", v == null ? "" : String.valueOf(v));
                }
                out.add(e);
            });
        } else if (env != null) {
            out.addAll(objects(env));
        }
        return out;
    }

    private static void upsert(List<Map<String, Object>> list, Map<String, Object> entry, String key) {
        Object id = entry.get(key);
        for (int i = 0; i < list.size(); i++) {
            if (Objects.equals(list.get(i).get(key), id)) {
                list.set(i, entry);
                return;
            }
        }
        list.add(entry);
    }

    private static void putOrDrop(Map<String, Object> m, String key, List<?> l) {
        if (l.isEmpty()) {
            m.remove(key);
        } else {
            m.put(key, l);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> objects(Object o) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (o instanceof List<?> l) {
            for (Object x : l) {
                if (!(x instanceof Map)) {
                    throw new IllegalArgumentException("expected a list of objects, found " + x);
                }
                out.add(new LinkedHashMap<>((Map<String, Object>) x));
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> child(Map<String, Object> m, String key) {
        return (Map<String, Object>) m.computeIfAbsent(key, k -> new LinkedHashMap<>());
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> m, String key) {
        Object v = m.get(key);
        List<Map<String, Object>> out = new ArrayList<>();
        if (v instanceof List<?> l) {
            l.forEach(x -> out.add((Map<String, Object>) x));
        }
        m.put(key, out);
        return out;
    }
}
