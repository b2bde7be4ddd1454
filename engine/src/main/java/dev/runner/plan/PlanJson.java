package dev.runner.plan;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The plan as JSON ({@code runner plan --output json}), for scripts and CI. */
public final class PlanJson {
    private PlanJson() {
    }

    public static String render(Plan plan) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("workflow", Map.of("name", plan.name(), "description", plan.description(),
                "file", plan.source().toString()));
        root.put("params", plan.params().stream().map(PlanJson::param).toList());
        root.put("steps", plan.steps().stream().map(PlanJson::step).toList());
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("steps", plan.steps().size());
        summary.put("change", plan.changing());
        summary.put("skipped", plan.count(PlannedStep.Status.SKIPPED));
        summary.put("invalid", plan.count(PlannedStep.Status.INVALID));
        summary.put("failed", plan.count(PlannedStep.Status.FAILED));
        summary.put("text", plan.summary());
        root.put("summary", summary);
        JsonMapper mapper = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
        return mapper.writeValueAsString(root);
    }

    private static Map<String, Object> param(PlannedParam p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", p.name());
        m.put("type", p.type());
        m.put("value", p.value().orElse(null));
        m.put("secret", p.secret());
        m.put("source", p.source());
        m.put("description", p.description());
        return m;
    }

    private static Map<String, Object> step(PlannedStep s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("number", s.number());
        m.put("id", s.id());
        m.put("type", s.type());
        m.put("needs", s.needs());
        m.put("when", s.when().orElse(null));
        m.put("status", s.status().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        m.put("changes", s.changes());
        m.put("action", s.action());
        m.put("details", List.copyOf(s.details()));
        m.put("with", s.with());
        return m;
    }
}
