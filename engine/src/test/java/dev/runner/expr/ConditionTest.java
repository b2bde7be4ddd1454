package dev.runner.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConditionTest {
    static final Map<String, String> VALUES = Map.of("params.on", "true", "params.off", "False",
            "params.mode", "fast", "params.word", "yes", "steps.a.outputs.code", "0");

    static boolean eval(String text) {
        return Condition.parse(text).evaluate(ref -> {
            String v = VALUES.get(ref);
            if (v == null) {
                throw new ExpressionException("unknown " + ref);
            }
            return v;
        });
    }

    @Test
    void literalsAndReferences() {
        assertTrue(eval("true"));
        assertFalse(eval("FALSE"));
        assertTrue(eval("${params.on}"));
        assertFalse(eval("${params.off}"));
        assertTrue(eval("${params.mode} == fast"));
        assertTrue(eval("${params.mode} == 'fast'"));
        assertTrue(eval("${params.mode} != \"slow\""));
        assertTrue(eval("${steps.a.outputs.code} == 0"));
    }

    @Test
    void operatorsAndPrecedence() {
        assertTrue(eval("!${params.off}"));
        assertTrue(eval("true || false && false"), "&& binds tighter than ||");
        assertFalse(eval("(true || false) && false"));
        assertTrue(eval("!(${params.mode} == slow) && ${params.on}"));
        assertTrue(eval("!!true"));
    }

    @Test
    void aNonBooleanOperandIsAnErrorAtEvaluation() {
        ExpressionException e = assertThrows(ExpressionException.class, () -> eval("${params.word}"));
        assertEquals("when: ${params.word} = 'yes' is not a boolean (true or false)", e.getMessage());
        e = assertThrows(ExpressionException.class, () -> eval("'yes'"));
        assertEquals("when: 'yes' is not a boolean (true or false)", e.getMessage());
    }

    @Test
    void shortCircuitSkipsUnresolvableRight() {
        assertFalse(eval("false && ${params.missing}"));
    }

    @Test
    void syntaxErrorsSayWhere() {
        assertSyntax("", "empty condition");
        assertSyntax("a ==", "expected a value but the condition ended at character 5");
        assertSyntax("(true", "missing ')'");
        assertSyntax("true false", "unexpected 'f' at character 6");
        assertSyntax("'open", "unterminated string");
        assertSyntax("${params.x", "unterminated ${");
        assertSyntax("a = b", "unexpected '='");
        assertSyntax("a && ", "expected a value");
    }

    private static void assertSyntax(String text, String expected) {
        ExpressionException e = assertThrows(ExpressionException.class, () -> Condition.parse(text));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void listsReferences() {
        assertEquals(List.of("params.a", "steps.x.outputs.y"),
                Condition.parse("${params.a} == 1 || !${steps.x.outputs.y}").references());
    }
}
