package dev.runner.load;

import com.networknt.schema.Error;
import com.networknt.schema.path.NodePath;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Where a schema error is in the YAML: the instance node found by following the error's instance path
 * through the snakeyaml tree, or, for errors about one property of an object (unknown key, bad key
 * name), that property's key node.
 *
 * @param node     the node to point at
 * @param instance the node the error is about (the object for property errors)
 * @param name     the last property name on the path (or the property the error names), for messages
 */
record ErrorLocation(Node node, Node instance, String name) {

    static ErrorLocation of(Error e, Node base) {
        Node n = base;
        String name = "";
        NodePath path = e.getInstanceLocation();
        for (int i = 0; i < path.getNameCount() && n != null; i++) {
            Object el = path.getElement(i);
            if (el instanceof Integer idx && n instanceof SequenceNode s) {
                n = idx < s.getValue().size() ? s.getValue().get(idx) : null;
            } else {
                name = String.valueOf(el);
                n = Yaml.get(n, name).orElse(null);
            }
        }
        if (n == null) {
            return new ErrorLocation(base, base, name);
        }
        String keyword = e.getKeyword();
        if (e.getProperty() != null && n instanceof MappingNode
                && ("additionalProperties".equals(keyword) || "propertyNames".equals(keyword)
                || "unevaluatedProperties".equals(keyword))) {
            Optional<NodeTuple> t = Yaml.entry(n, e.getProperty());
            if (t.isPresent()) {
                return new ErrorLocation(t.get().getKeyNode(), n, e.getProperty());
            }
        }
        return new ErrorLocation(n, n, name);
    }

    /** True when the value is a string holding a {@code ${...}} expression, checked only once resolved. */
    boolean isExpression() {
        return Yaml.isString(instance) && Yaml.text(instance).orElse("").contains("${");
    }
}
