package dev.runner.k8s.manifest;

import dev.runner.k8s.Args;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The objects a step names: {@code file:} (relative to the step's file; multi-document YAML, {@code ${vars.x}}
 * substituted into the parsed scalars by {@link Templates}) or {@code manifest:} (an object, a list of objects, or
 * YAML text). Plain maps: no Kubernetes client is needed to read them, so an offline plan can describe them.
 */
public final class Manifests {
    private Manifests() {
    }

    public static List<Map<String, Object>> load(Args args, Path baseDir) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (args.has("file")) {
            for (String f : args.strings("file")) {
                Path p = baseDir.resolve(f).normalize();
                String text;
                try {
                    text = Files.readString(p, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new IllegalArgumentException("cannot read " + p + ": " + e.getMessage());
                }
                out.addAll(objects(Templates.render(text, args.map("vars"), p.toString()), p.toString()));
            }
        }
        Object inline = args.raw("manifest");
        if (inline instanceof String s) {
            out.addAll(objects(Templates.render(s, args.map("vars"), "with.manifest"), "with.manifest"));
        } else if (inline instanceof List<?> l) {
            l.forEach(o -> out.add(asObject(o, "with.manifest")));
        } else if (inline != null) {
            out.add(asObject(inline, "with.manifest"));
        }
        for (Map<String, Object> o : out) {
            Refs.check(o);
        }
        return out;
    }

    /** The documents as objects; a {@code kind: List} document contributes its items. */
    private static List<Map<String, Object>> objects(List<Object> documents, String source) {
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object doc : documents) {
            if (doc instanceof Map<?, ?> m && "List".equals(m.get("kind")) && m.get("items") instanceof List<?> items) {
                items.forEach(i -> docs.add(asObject(i, source)));
            } else {
                docs.add(asObject(doc, source));
            }
        }
        return docs;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asObject(Object o, String source) {
        if (!(o instanceof Map)) {
            throw new IllegalArgumentException(source + ": each document must be a Kubernetes object (a mapping)");
        }
        return new LinkedHashMap<>((Map<String, Object>) o);
    }
}
