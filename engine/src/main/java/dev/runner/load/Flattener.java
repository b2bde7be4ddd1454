package dev.runner.load;

import dev.runner.model.Param;
import dev.runner.model.Step;
import dev.runner.plan.Dag;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Expands {@code uses:} steps into the steps of their step files: inner ids become {@code outer.inner},
 * inner needs are prefixed, inner steps that need nothing inherit the composite step's needs, and a step
 * that needs the composite needs all of its last steps (those nothing inside needs). The composite's
 * {@code when} is and-ed into each inner step's; its timeout, retry and idempotent serve as defaults.
 */
final class Flattener {

    /** The steps of {@code loaded}, expanded, with ids relative to that file. */
    List<Step> flatten(FileSet.Loaded loaded) {
        ParsedFile file = loaded.file();
        List<Step> out = new ArrayList<>();
        Map<String, List<String>> sinks = new LinkedHashMap<>();
        boolean stepFile = "StepFile".equals(file.kind());
        for (RawStep s : file.steps()) {
            FileSet.Loaded c = loaded.composites().get(s.id());
            if (c == null) {
                out.add(new Step(s.id(), s.type().orElse(""), s.needs(), s.when(), s.with(),
                        stepFile ? s.timeout().or(file::defaultTimeout) : s.timeout(),
                        stepFile ? s.retry().or(file::defaultRetry) : s.retry(),
                        s.continueOnError().orElse(false), s.idempotent(), s.description(), s.pos()));
                continue;
            }
            List<Step> inner = flatten(c);
            Rewriter rw = new Rewriter(paramValues(s, c.file()), s.id() + ".");
            List<String> innerSinks = new ArrayList<>();
            for (String sink : Dag.of(inner).sinks()) {
                innerSinks.add(s.id() + "." + sink);
            }
            sinks.put(s.id(), innerSinks);
            for (Step st : inner) {
                List<String> needs = st.needs().isEmpty() ? s.needs()
                        : st.needs().stream().map(n -> s.id() + "." + n).toList();
                @SuppressWarnings("unchecked")
                Map<String, Object> with = (Map<String, Object>) rw.value(st.with());
                out.add(new Step(s.id() + "." + st.id(), st.type(), needs, when(s.when(), st.when().map(rw::condition)),
                        with, st.timeout().or(s::timeout).or(() -> stepFile ? file.defaultTimeout() : Optional.empty()),
                        st.retry().or(s::retry).or(() -> stepFile ? file.defaultRetry() : Optional.empty()),
                        st.continueOnError() || s.continueOnError().orElse(false), st.idempotent().or(s::idempotent),
                        st.description(), st.pos()));
            }
        }
        if (sinks.isEmpty()) {
            return out;
        }
        List<Step> resolved = new ArrayList<>(out.size());
        for (Step st : out) {
            List<String> needs = st.needs().stream().flatMap(n -> sinks.getOrDefault(n, List.of(n)).stream()).toList();
            resolved.add(new Step(st.id(), st.type(), needs, st.when(), st.with(), st.timeout(), st.retry(),
                    st.continueOnError(), st.idempotent(), st.description(), st.pos()));
        }
        return resolved;
    }

    private static Optional<String> when(Optional<String> outer, Optional<String> inner) {
        if (outer.isEmpty()) {
            return inner;
        }
        return inner.isEmpty() ? outer : Optional.of("(" + outer.get() + ") && (" + inner.get() + ")");
    }

    /** What each of the step file's params stands for at this use. */
    private static Map<String, Object> paramValues(RawStep s, ParsedFile inner) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Param p : inner.params().values()) {
            if (s.with().containsKey(p.name())) {
                values.put(p.name(), s.with().get(p.name()));
            } else if (p.defaultValue().isPresent()) {
                values.put(p.name(), p.defaultValue().get());
            } else if (p.fromEnv().isPresent()) {
                values.put(p.name(), "${env:" + p.fromEnv().get() + "}");
            } else {
                values.put(p.name(), "");
            }
        }
        return values;
    }
}
