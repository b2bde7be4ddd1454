package dev.runner.model;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as written in workflow files: one or more {@code <number><unit>} with units ms, s, m, h, d. */
public final class Durations {
    public static final String PATTERN = "^([0-9]+(ms|s|m|h|d))+$";
    private static final Pattern PART = Pattern.compile("([0-9]+)(ms|s|m|h|d)");
    private static final Pattern WHOLE = Pattern.compile(PATTERN);

    private Durations() {
    }

    /**
     * The longest duration accepted anywhere (a year): far beyond any sensible timeout or backoff, and far from
     * where adding it to a clock reading in nanoseconds ({@link System#nanoTime}, about 292 years of range) could
     * overflow.
     */
    public static final Duration MAX = Duration.ofDays(365);

    /** Parses {@code 10m}, {@code 1h30m}, {@code 500ms}; empty when the text is not a duration or exceeds {@link #MAX}. */
    public static Optional<Duration> parse(String text) {
        if (text == null || !WHOLE.matcher(text).matches()) {
            return Optional.empty();
        }
        try {
            Duration total = Duration.ZERO;
            Matcher m = PART.matcher(text);
            while (m.find()) {
                long n = Long.parseLong(m.group(1));
                total = total.plus(switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                });
                if (total.compareTo(MAX) > 0) {
                    return Optional.empty();
                }
            }
            return Optional.of(total);
        } catch (ArithmeticException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * Why {@code text} is not an acceptable duration, or empty when it is.
     *
     * @param positive whether zero is refused (a timeout of 0s would stop everything at once)
     */
    public static Optional<String> problem(String text, boolean positive) {
        if (text == null || !WHOLE.matcher(text).matches()) {
            return Optional.of("'" + text + "' is not a duration (like 500ms, 90s, 30m, 1h30m, 2d)");
        }
        Optional<Duration> d = parse(text);
        if (d.isEmpty()) {
            return Optional.of("'" + text + "' is too long: the longest duration is " + format(MAX));
        }
        if (positive && d.get().isZero()) {
            return Optional.of("'" + text + "' must be more than 0");
        }
        return Optional.empty();
    }

    /** The short form used in plans and logs: {@code 1h30m}, {@code 45s}, {@code 500ms}. */
    public static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        StringBuilder sb = new StringBuilder();
        long days = d.toDays();
        if (days > 0) {
            sb.append(days).append('d');
        }
        if (d.toHoursPart() > 0) {
            sb.append(d.toHoursPart()).append('h');
        }
        if (d.toMinutesPart() > 0) {
            sb.append(d.toMinutesPart()).append('m');
        }
        if (d.toSecondsPart() > 0) {
            sb.append(d.toSecondsPart()).append('s');
        }
        if (d.toMillisPart() > 0) {
            sb.append(d.toMillisPart()).append("ms");
        }
        return sb.toString();
    }
}
