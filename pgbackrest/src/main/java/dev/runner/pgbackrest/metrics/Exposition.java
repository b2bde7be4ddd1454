package dev.runner.pgbackrest.metrics;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * Writes metric families in the two text formats a Prometheus server scrapes: OpenMetrics 1.0.0
 * (https://github.com/OpenObservability/OpenMetrics/blob/main/specification/OpenMetrics.md: TYPE, UNIT, HELP,
 * counters as {@code _total} with {@code _created}, ends with {@code # EOF}) and the Prometheus text format 0.0.4
 * (https://prometheus.io/docs/instrumenting/exposition_formats/: HELP and TYPE only, the counter's TYPE line
 * names the {@code _total} series).
 */
public enum Exposition {
    OPENMETRICS("application/openmetrics-text; version=1.0.0; charset=utf-8"),
    TEXT("text/plain; version=0.0.4; charset=utf-8");

    private final String contentType;

    Exposition(String contentType) {
        this.contentType = contentType;
    }

    public String contentType() {
        return contentType;
    }

    /**
     * The format a scraper asked for in its Accept header: OpenMetrics when it lists
     * {@code application/openmetrics-text} with a non-zero q, else the 0.0.4 text format every scraper reads.
     */
    public static Exposition negotiate(String accept) {
        if (accept == null) {
            return TEXT;
        }
        for (String range : accept.split(",")) {
            String[] parts = range.trim().split(";");
            if (!parts[0].trim().equalsIgnoreCase("application/openmetrics-text")) {
                continue;
            }
            boolean refused = false;
            for (int i = 1; i < parts.length; i++) {
                String p = parts[i].trim().replace(" ", "");
                if (p.startsWith("q=")) {
                    try {
                        refused = Double.parseDouble(p.substring(2)) <= 0;
                    } catch (NumberFormatException e) {
                        refused = true;
                    }
                }
            }
            if (!refused) {
                return OPENMETRICS;
            }
        }
        return TEXT;
    }

    public String render(List<MetricFamily> families) {
        StringBuilder sb = new StringBuilder();
        for (MetricFamily f : families) {
            if (this == OPENMETRICS) {
                sb.append("# TYPE ").append(f.name()).append(' ').append(f.type().word()).append('\n');
                if (!f.unit().isEmpty()) {
                    sb.append("# UNIT ").append(f.name()).append(' ').append(f.unit()).append('\n');
                }
                sb.append("# HELP ").append(f.name()).append(' ').append(escape(f.help(), true)).append('\n');
            } else {
                sb.append("# HELP ").append(f.sampleName()).append(' ').append(escape(f.help(), false)).append('\n');
                sb.append("# TYPE ").append(f.sampleName()).append(' ').append(f.type().word()).append('\n');
            }
            for (MetricFamily.Sample s : f.samples()) {
                line(sb, f.sampleName(), s.labels(), s.value());
                if (this == OPENMETRICS && s.created() != null) {
                    line(sb, f.name() + "_created", s.labels(), s.created());
                }
            }
        }
        if (this == OPENMETRICS) {
            sb.append("# EOF\n");
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, String name, Map<String, String> labels, double value) {
        sb.append(name);
        if (!labels.isEmpty()) {
            sb.append('{');
            String sep = "";
            for (Map.Entry<String, String> l : labels.entrySet()) {
                sb.append(sep).append(l.getKey()).append("=\"").append(escape(l.getValue(), true)).append('"');
                sep = ",";
            }
            sb.append('}');
        }
        sb.append(' ').append(number(value)).append('\n');
    }

    /** Plain decimal (no exponent), so a timestamp keeps its digits: {@code 1795624721}, {@code 0.25}. */
    static String number(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    /** Backslash and newline always; a double quote in label values (both formats) and in OpenMetrics HELP. */
    private static String escape(String s, boolean quote) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '"' -> sb.append(quote ? "\\\"" : "\"");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
