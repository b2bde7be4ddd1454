package dev.runner.load;

import dev.runner.model.Durations;
import dev.runner.model.Param;
import dev.runner.model.ParamType;
import java.util.Optional;

/** Checks a parameter value (text) against the parameter's type and allowed values. */
public final class ParamValues {
    private ParamValues() {
    }

    /** A message explaining why {@code value} is not acceptable for {@code p}, or empty when it is. */
    public static Optional<String> problem(Param p, String value) {
        Optional<String> typeProblem = typeProblem(p.type(), value);
        if (typeProblem.isPresent()) {
            return typeProblem;
        }
        if (!p.allowed().isEmpty() && !p.allowed().contains(value)) {
            return Optional.of("must be one of: " + String.join(", ", p.allowed()) + ", not '" + value + "'"
                    + Suggest.didYouMean(value, p.allowed()));
        }
        return Optional.empty();
    }

    /** The canonical text of an accepted value ({@code True} → {@code true} for bools). */
    public static String normalize(Param p, String value) {
        return p.type() == ParamType.BOOL ? value.toLowerCase(java.util.Locale.ROOT) : value;
    }

    static Optional<String> typeProblem(ParamType type, String value) {
        return switch (type) {
            case STRING -> Optional.empty();
            case INT -> isInt(value) ? Optional.empty()
                    : Optional.of("must be an integer, not '" + value + "'");
            case BOOL -> value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false") ? Optional.empty()
                    : Optional.of("must be true or false, not '" + value + "'");
            case DURATION -> Durations.parse(value).isPresent() ? Optional.empty()
                    : Optional.of(value.matches(Durations.PATTERN)
                    ? "must be at most " + Durations.format(Durations.MAX) + ", not '" + value + "'"
                    : "must be a duration such as 30s, 10m, 2h or 1h30m, not '" + value + "'");
        };
    }

    private static boolean isInt(String v) {
        try {
            Long.parseLong(v);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
