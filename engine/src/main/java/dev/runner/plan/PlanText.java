package dev.runner.plan;

import java.util.List;
import java.util.Map;

/** The human-readable plan, in the spirit of {@code terraform plan}. */
public final class PlanText {
    private static final int MAX_VALUE_WIDTH = 40;

    private PlanText() {
    }

    public static String render(Plan plan) {
        StringBuilder out = new StringBuilder();
        out.append("Workflow ").append(plan.name()).append(" (").append(plan.source()).append(")\n");
        if (!plan.description().isBlank()) {
            plan.description().strip().lines().forEach(l -> out.append("  ").append(l).append('\n'));
        }
        params(plan.params(), out);
        out.append("\nSteps, in the order they run (~ will change, = no change, - skipped, ! cannot be planned):\n");
        for (PlannedStep s : plan.steps()) {
            step(s, out);
        }
        out.append('\n').append(plan.summary()).append('\n');
        return out.toString();
    }

    private static void params(List<PlannedParam> params, StringBuilder out) {
        if (params.isEmpty()) {
            return;
        }
        int nameWidth = params.stream().mapToInt(p -> p.name().length()).max().orElse(0);
        int valueWidth = Math.min(MAX_VALUE_WIDTH, params.stream().mapToInt(p -> shown(p).length()).max().orElse(0));
        out.append("\nParameters:\n");
        for (PlannedParam p : params) {
            String about = (p.description() + (p.secret() ? " (secret)" : "")
                    + (isDefault(p) ? "" : "  [from " + p.source() + "]")).strip();
            String line = "  " + pad(p.name(), nameWidth) + "  " + pad(shown(p), valueWidth) + "  " + about;
            out.append(line.stripTrailing()).append('\n');
        }
    }

    /** Defaults are the common case: only values given somewhere say where. */
    private static boolean isDefault(PlannedParam p) {
        return p.source().equals(dev.runner.load.ParamSource.DEFAULT.toString());
    }

    private static String shown(PlannedParam p) {
        return p.value().map(v -> v.contains("\n") ? v.lines().findFirst().orElse("") + " …" : v).orElse("(not set)");
    }

    private static void step(PlannedStep s, StringBuilder out) {
        out.append("\n  ").append(s.number()).append(". ").append(s.id()).append(" (").append(s.type()).append(')');
        if (!s.needs().isEmpty()) {
            out.append("  needs: ").append(String.join(", ", s.needs()));
        }
        out.append('\n');
        String indent = "     ";
        s.when().ifPresent(w -> out.append(indent).append("when: ").append(w).append('\n'));
        out.append(indent).append(marker(s.status())).append(' ').append(s.action()).append('\n');
        s.details().forEach(d -> out.append(indent).append("    ").append(d).append('\n'));
        if (!s.with().isEmpty() && s.status() != PlannedStep.Status.SKIPPED) {
            out.append(indent).append("with:\n");
            value(s.with(), indent + "  ", out);
        }
    }

    private static String marker(PlannedStep.Status status) {
        return switch (status) {
            case CHANGE -> "~";
            case NO_CHANGE -> "=";
            case SKIPPED -> "-";
            case INVALID, FAILED -> "!";
        };
    }

    /** YAML-like lines for a resolved {@code with} value. */
    private static void value(Object v, String indent, StringBuilder out) {
        if (v instanceof Map<?, ?> m) {
            m.forEach((k, x) -> entry(indent + k + ":", x, indent, out));
        } else if (v instanceof List<?> l) {
            l.forEach(x -> entry(indent + "-", x, indent, out));
        }
    }

    private static void entry(String head, Object x, String indent, StringBuilder out) {
        if (x instanceof Map<?, ?> || x instanceof List<?>) {
            boolean empty = x instanceof Map<?, ?> m ? m.isEmpty() : ((List<?>) x).isEmpty();
            out.append(head).append(empty ? (x instanceof Map ? " {}" : " []") : "").append('\n');
            value(x, indent + "  ", out);
        } else if (x instanceof String s && s.contains("\n")) {
            out.append(head).append(" |\n");
            s.lines().forEach(l -> out.append(indent).append("  ").append(l).append('\n'));
        } else {
            out.append(head).append(' ').append(x).append('\n');
        }
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
