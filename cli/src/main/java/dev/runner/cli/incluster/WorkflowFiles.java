package dev.runner.cli.incluster;

import dev.runner.cli.UserError;
import dev.runner.expr.Reference;
import dev.runner.model.Step;
import dev.runner.model.Workflow;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every file a run reads, to ship them with it: the workflow, its step files, the files its steps name in
 * {@code with.file} and {@code ${file:PATH}}, by path relative to their deepest common directory, so the
 * workflow's relative paths (../k8s/backup-cronjob.yaml) resolve the same way where they are unpacked.
 */
record WorkflowFiles(Map<String, String> files, String entry) {

    static WorkflowFiles of(Workflow wf) {
        Set<Path> paths = new TreeSet<>();
        paths.add(abs(wf.source()));
        for (Step s : wf.steps()) {
            Path file = abs(s.pos().file());
            paths.add(file);
            Path dir = file.getParent();
            named(s.with().get("file")).forEach(f -> literal(f, dir, paths));
            references(s.with(), dir, paths);
        }
        Path root = commonRoot(paths);
        Map<String, String> files = new LinkedHashMap<>();
        for (Path p : paths) {
            try {
                files.put(root.relativize(p).toString(), Files.readString(p, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UserError("cannot read " + p + " to send it with the run: " + e.getMessage());
            }
        }
        return new WorkflowFiles(files, root.relativize(abs(wf.source())).toString());
    }

    private static Path abs(Path p) {
        return p.toAbsolutePath().normalize();
    }

    private static List<String> named(Object file) {
        if (file instanceof String s) {
            return List.of(s);
        }
        if (file instanceof List<?> l) {
            return l.stream().map(String::valueOf).toList();
        }
        return List.of();
    }

    /** A path without expressions that names a file; one built from expressions is read where the run is. */
    private static void literal(String f, Path dir, Set<Path> paths) {
        if (!f.contains("${")) {
            Path p = abs(dir.resolve(f));
            if (Files.isRegularFile(p)) {
                paths.add(p);
            }
        }
    }

    private static void references(Object value, Path dir, Set<Path> paths) {
        if (value instanceof String s) {
            Reference.all(s).stream().filter(r -> r.kind() == Reference.Kind.FILE)
                    .forEach(r -> literal(r.name(), dir, paths));
        } else if (value instanceof Map<?, ?> m) {
            m.values().forEach(v -> references(v, dir, paths));
        } else if (value instanceof List<?> l) {
            l.forEach(v -> references(v, dir, paths));
        }
    }

    private static Path commonRoot(Set<Path> paths) {
        Path root = null;
        for (Path p : paths) {
            Path dir = p.getParent();
            if (root == null) {
                root = dir;
            } else {
                while (!dir.startsWith(root)) {
                    root = root.getParent();
                }
            }
        }
        return root;
    }
}
