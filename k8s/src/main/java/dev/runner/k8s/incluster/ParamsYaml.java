package dev.runner.k8s.incluster;

import java.util.Map;
import java.util.TreeMap;

/** Params as a YAML mapping for {@code --params-file}: every value a double-quoted string, escaped as YAML wants. */
final class ParamsYaml {
    private ParamsYaml() {
    }

    static String render(Map<String, String> params) {
        if (params.isEmpty()) {
            return "{}\n";
        }
        StringBuilder sb = new StringBuilder();
        new TreeMap<>(params).forEach((k, v) -> sb.append(quote(k)).append(": ").append(quote(v)).append('\n'));
        return sb.toString();
    }

    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        sb.append(String.format("\\x%02x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
