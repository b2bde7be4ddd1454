package dev.runner.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.runner.step.InvalidInputException;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ArgsTest {
    @Test
    void integersAreWholeNumbersOrInvalidInput() throws Exception {
        Args a = new Args("wait", Map.of("n", 3, "s", "12", "bad", "3 times"));
        assertEquals(Optional.of(3), a.integer("n"));
        assertEquals(Optional.of(12), a.integer("s"));
        assertEquals(Optional.empty(), a.integer("missing"));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> a.integer("bad"));
        assertEquals("wait: with.bad: '3 times' is not a whole number", e.getMessage());
    }

    @Test
    void durationsAreBoundedAndPositiveOrInvalidInput() throws Exception {
        Args a = new Args("wait", Map.of("ok", "1h30m", "huge", "9999999999999999h", "zero", "0s", "bad", "soon"));
        assertEquals(Optional.of(java.time.Duration.ofMinutes(90)), a.duration("ok"));
        assertEquals(Optional.empty(), a.duration("missing"));
        assertEquals("wait: with.huge: '9999999999999999h' is too long: the longest duration is 365d",
                assertThrows(InvalidInputException.class, () -> a.duration("huge")).getMessage());
        assertEquals("wait: with.zero: '0s' must be more than 0",
                assertThrows(InvalidInputException.class, () -> a.duration("zero")).getMessage());
        assertEquals("wait: with.bad: 'soon' is not a duration (like 500ms, 90s, 30m, 1h30m, 2d)",
                assertThrows(InvalidInputException.class, () -> a.duration("bad")).getMessage());
    }
}
