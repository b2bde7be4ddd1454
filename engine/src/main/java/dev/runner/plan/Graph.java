package dev.runner.plan;

import dev.runner.model.Step;
import dev.runner.model.Workflow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The step graph as Mermaid ({@code flowchart TD}) or Graphviz DOT. Steps that came from a composite
 * ({@code outer.inner}) are drawn inside a box named after the composite step, nested like the files.
 */
public final class Graph {

    public enum Format { MERMAID, DOT }

    /** How one output language writes nodes, boxes and edges. */
    private interface Syntax {
        String open(Workflow wf);

        String node(String indent, String nodeId, Step step);

        String groupOpen(String indent, String groupId, String label);

        String groupClose(String indent);

        String edge(String from, String to);

        String close();
    }

    private Graph() {
    }

    public static String render(Workflow wf, Format format) {
        Syntax syntax = format == Format.MERMAID ? new Mermaid() : new Dot();
        Map<String, String> nodeIds = new LinkedHashMap<>();
        for (Step s : wf.steps()) {
            nodeIds.put(s.id(), format == Format.MERMAID ? "s" + nodeIds.size() : Dot.quote(s.id()));
        }
        StringBuilder out = new StringBuilder(syntax.open(wf));
        Group root = new Group("");
        wf.steps().forEach(root::add);
        root.write(syntax, nodeIds, "  ", out, new int[] {0});
        for (Step s : wf.steps()) {
            for (String need : s.needs()) {
                if (nodeIds.containsKey(need)) {
                    out.append("  ").append(syntax.edge(nodeIds.get(need), nodeIds.get(s.id()))).append('\n');
                }
            }
        }
        return out.append(syntax.close()).toString();
    }

    /** Steps sharing an id prefix: the steps of one composite, with nested composites as children. */
    private static final class Group {
        final String prefix;
        final List<Object> members = new ArrayList<>(); // Step or Group, in declaration order
        final Map<String, Group> children = new LinkedHashMap<>();

        Group(String prefix) {
            this.prefix = prefix;
        }

        void add(Step step) {
            String rest = step.id().substring(prefix.isEmpty() ? 0 : prefix.length() + 1);
            int dot = rest.indexOf('.');
            if (dot < 0) {
                members.add(step);
                return;
            }
            String childPrefix = (prefix.isEmpty() ? "" : prefix + ".") + rest.substring(0, dot);
            children.computeIfAbsent(childPrefix, p -> {
                Group g = new Group(p);
                members.add(g);
                return g;
            }).add(step);
        }

        void write(Syntax syntax, Map<String, String> nodeIds, String indent, StringBuilder out, int[] groupCount) {
            for (Object m : members) {
                if (m instanceof Step s) {
                    out.append(syntax.node(indent, nodeIds.get(s.id()), s)).append('\n');
                } else {
                    Group g = (Group) m;
                    out.append(syntax.groupOpen(indent, "g" + groupCount[0]++, g.prefix)).append('\n');
                    g.write(syntax, nodeIds, indent + "  ", out, groupCount);
                    out.append(syntax.groupClose(indent)).append('\n');
                }
            }
        }
    }

    private static String label(Step s, String newline) {
        return s.id() + newline + s.type() + s.when().map(w -> newline + "when " + w).orElse("");
    }

    private static final class Mermaid implements Syntax {
        public String open(Workflow wf) {
            return "flowchart TD\n";
        }

        public String node(String indent, String nodeId, Step step) {
            String text = escape(label(step, "<br/>"));
            return indent + nodeId + (step.when().isPresent() ? "{{\"" + text + "\"}}" : "[\"" + text + "\"]");
        }

        public String groupOpen(String indent, String groupId, String label) {
            return indent + "subgraph " + groupId + "[\"" + escape(label) + "\"]";
        }

        public String groupClose(String indent) {
            return indent + "end";
        }

        public String edge(String from, String to) {
            return from + " --> " + to;
        }

        public String close() {
            return "";
        }

        private static String escape(String s) {
            return s.replace("\"", "#quot;");
        }
    }

    private static final class Dot implements Syntax {
        public String open(Workflow wf) {
            return "digraph " + quote(wf.name()) + " {\n  rankdir=TB;\n  node [shape=box, style=rounded];\n";
        }

        public String node(String indent, String nodeId, Step step) {
            return indent + nodeId + " [label=" + quote(label(step, "\n"))
                    + (step.when().isPresent() ? ", style=\"rounded,dashed\"" : "") + "];";
        }

        public String groupOpen(String indent, String groupId, String label) {
            return indent + "subgraph " + quote("cluster_" + label) + " {\n" + indent + "  label=" + quote(label) + ";";
        }

        public String groupClose(String indent) {
            return indent + "}";
        }

        public String edge(String from, String to) {
            return from + " -> " + to + ";";
        }

        public String close() {
            return "}\n";
        }

        static String quote(String s) {
            return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
        }
    }
}
