package dev.runner.k8s.manifest;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RenderNumbersTest {
    @Test
    void aNumberIsTheSameWhateverJavaTypeItWasReadAs() {
        Map<String, Object> manifest = Map.of("spec", Map.of("startingDeadlineSeconds", 3600, "limit", 1.5));
        Map<String, Object> live = Map.of("spec", Map.of("startingDeadlineSeconds", 3600L, "limit", 1.50d));
        assertTrue(Render.same(live, manifest));
        assertFalse(Render.same(live, Map.of("spec", Map.of("startingDeadlineSeconds", 3601, "limit", 1.5))));
    }
}
