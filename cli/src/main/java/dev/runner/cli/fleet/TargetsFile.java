package dev.runner.cli.fleet;

import dev.runner.load.DataFile;
import dev.runner.load.LoadException;
import dev.runner.load.ParamValues;
import dev.runner.load.Problem;
import dev.runner.load.Suggest;
import dev.runner.model.Param;
import dev.runner.model.Workflow;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * A targets file (schema/targets.schema.json; docs/operations.md "Fleets"): checked against its schema, then for
 * what a schema cannot say — names unique, no two targets on the same context and namespace (they would be one
 * database driven twice), and each param known to the workflow with a value of its type. Every problem is
 * reported at once as {@code file:line:col}.
 */
public final class TargetsFile {
    static final String SCHEMA = "/dev/runner/schema/targets.schema.json";

    private TargetsFile() {
    }

    /** The targets in file order; {@code wf} (when not null) is the workflow whose params they set. */
    public static List<Target> load(Path file, Workflow wf) throws LoadException {
        MappingNode root = DataFile.read(file, SCHEMA);
        List<Problem> problems = new ArrayList<>();
        Map<String, String> shared = new LinkedHashMap<>();
        entry(root, "params").ifPresent(p -> shared.putAll(params(file, p, wf, problems)));
        List<Target> targets = new ArrayList<>();
        Map<String, Node> names = new HashMap<>();
        Map<String, String> places = new HashMap<>();
        SequenceNode items = (SequenceNode) entry(root, "targets").orElseThrow();
        for (Node item : items.getValue()) {
            String name = string(item, "name");
            String context = entry(item, "context").flatMap(DataFile::text).orElse(null);
            String namespace = string(item, "namespace");
            Node nameNode = entry(item, "name").orElseThrow();
            if (names.putIfAbsent(name, nameNode) != null) {
                problems.add(new Problem(DataFile.pos(file, nameNode), "target '" + name + "' is named twice (first at "
                        + DataFile.pos(file, names.get(name)) + "); names must be unique"));
            }
            String place = (context == null ? "(default context)" : context) + "/" + namespace;
            String other = places.putIfAbsent(place, name);
            if (other != null) {
                problems.add(new Problem(DataFile.pos(file, item), "target '" + name + "' is " + place
                        + " again, as target '" + other + "': two runs would drive the same database"));
            }
            Map<String, String> own = new LinkedHashMap<>(shared);
            entry(item, "params").ifPresent(p -> own.putAll(params(file, p, wf, problems)));
            targets.add(new Target(name, context, namespace, own));
        }
        DataFile.throwIfAny(problems);
        return targets;
    }

    private static Map<String, String> params(Path file, Node map, Workflow wf, List<Problem> problems) {
        Map<String, String> out = new LinkedHashMap<>();
        for (NodeTuple t : ((MappingNode) map).getValue()) {
            String name = DataFile.text(t.getKeyNode()).orElse("?");
            String value = DataFile.text(t.getValueNode()).orElse("");
            if (wf != null) {
                Param p = wf.params().get(name);
                if (p == null) {
                    problems.add(new Problem(DataFile.pos(file, t.getKeyNode()), "unknown parameter '" + name + "' of "
                            + wf.source() + Suggest.didYouMean(name, wf.params().keySet())));
                    continue;
                }
                Optional<String> bad = ParamValues.problem(p, value);
                if (bad.isPresent()) {
                    problems.add(new Problem(DataFile.pos(file, t.getValueNode()), "parameter '" + name + "' "
                            + (p.secret() && !value.isEmpty() ? bad.get().replace(value, "***") : bad.get())));
                    continue;
                }
            }
            out.put(name, value);
        }
        return out;
    }

    private static String string(Node map, String key) {
        return entry(map, key).flatMap(DataFile::text).orElseThrow();
    }

    private static Optional<Node> entry(Node map, String key) {
        for (NodeTuple t : ((MappingNode) map).getValue()) {
            if (DataFile.text(t.getKeyNode()).filter(key::equals).isPresent()) {
                return Optional.of(t.getValueNode());
            }
        }
        return Optional.empty();
    }
}
