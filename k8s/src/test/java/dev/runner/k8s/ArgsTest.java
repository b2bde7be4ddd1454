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
}
