package dev.runner.pgbackrest.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.runner.pgbackrest.metrics.MetricFamily.Type;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExpositionTest {
    static final Map<String, String> LABELS = new LinkedHashMap<>(Map.of("namespace", "a\"b\\c\nd"));
    static final List<MetricFamily> FAMILIES = List.of(
            new MetricFamily("x_age_seconds", Type.GAUGE, "seconds", "Age \"quoted\" with \\ and\nnewline.")
                    .with(LABELS, 1.25),
            new MetricFamily("x_failures", Type.COUNTER, "", "Failures.")
                    .with(new MetricFamily.Sample(Map.of(), 3, 1795624707.62165)));

    @Test
    void openMetrics() {
        assertEquals("""
                # TYPE x_age_seconds gauge
                # UNIT x_age_seconds seconds
                # HELP x_age_seconds Age \\"quoted\\" with \\\\ and\\nnewline.
                x_age_seconds{namespace="a\\"b\\\\c\\nd"} 1.25
                # TYPE x_failures counter
                # HELP x_failures Failures.
                x_failures_total 3
                x_failures_created 1795624707.62165
                # EOF
                """, Exposition.OPENMETRICS.render(FAMILIES));
    }

    @Test
    void prometheusText004() {
        assertEquals("""
                # HELP x_age_seconds Age "quoted" with \\\\ and\\nnewline.
                # TYPE x_age_seconds gauge
                x_age_seconds{namespace="a\\"b\\\\c\\nd"} 1.25
                # HELP x_failures_total Failures.
                # TYPE x_failures_total counter
                x_failures_total 3
                """, Exposition.TEXT.render(FAMILIES));
    }

    @Test
    void numbersArePlainDecimals() {
        assertEquals("1795624722", Exposition.number(1795624722));
        assertEquals("1795624725.765514", Exposition.number(1795624725.765514));
        assertEquals("0.001", Exposition.number(0.001));
        assertEquals("NaN", Exposition.number(Double.NaN));
        assertEquals("+Inf", Exposition.number(Double.POSITIVE_INFINITY));
    }

    @Test
    void negotiatesLikeAPrometheusServer() {
        // the Accept header Prometheus 2.42 sends on every scrape
        assertEquals(Exposition.OPENMETRICS, Exposition.negotiate("application/openmetrics-text;version=1.0.0,"
                + "application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1"));
        assertEquals(Exposition.TEXT, Exposition.negotiate("text/plain;version=0.0.4"));
        assertEquals(Exposition.TEXT, Exposition.negotiate(null));
        assertEquals(Exposition.TEXT, Exposition.negotiate("application/openmetrics-text; q=0"));
        assertEquals("application/openmetrics-text; version=1.0.0; charset=utf-8", Exposition.OPENMETRICS.contentType());
    }

    @Test
    void refusesNamesAgainstTheConventions() {
        assertThrows(IllegalArgumentException.class, () -> new MetricFamily("x_total", Type.COUNTER, "", "h"));
        assertThrows(IllegalArgumentException.class, () -> new MetricFamily("x_age", Type.GAUGE, "seconds", "h"));
        assertThrows(IllegalArgumentException.class, () -> new MetricFamily("x-y", Type.GAUGE, "", "h"));
    }
}
