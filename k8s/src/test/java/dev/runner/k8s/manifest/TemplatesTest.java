package dev.runner.k8s.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplatesTest {
    @Test
    void aValueIsDataNeverYaml() {
        String value = "a: b\n- c # d\n\"e\" \\t 'f' ${vars.x}";
        List<Object> docs = Templates.render("""
                k: ${vars.v}
                quoted: "${vars.v}"
                inside: "<${vars.v}>"
                block: |
                  ${vars.v}
                """, Map.of("v", value), "t.yaml");
        assertEquals(List.of(Map.of("k", value, "quoted", value, "inside", "<" + value + ">", "block", value + "\n")),
                docs);
    }

    @Test
    void keysAreSubstitutedAndEscapesAndOtherDollarsKept() {
        List<Object> docs = Templates.render("""
                ${vars.key}: "$${vars.key} ${HOME}"
                ---
                ---
                n: 1
                """, Map.of("key", "K"), "t.yaml");
        assertEquals(List.of(Map.of("K", "${vars.key} ${HOME}"), Map.of("n", 1)), docs);
    }

    @Test
    void aWholeScalarTakesTheTypeOfANumberOrBooleanVarButAStringStaysAString() {
        List<Object> docs = Templates.render("""
                replicas: ${vars.n}
                suspend: ${vars.b}
                text: ${vars.s}
                mixed: "n=${vars.n}"
                """, Map.of("n", 3, "b", true, "s", "007"), "t.yaml");
        assertEquals(List.of(Map.of("replicas", 3, "suspend", true, "text", "007", "mixed", "n=3")), docs);
    }

    @Test
    void anUnknownVariableIsNamedWithLineAndColumn() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Templates.render("a: 1\nlist:\n  - \"x ${vars.nope}\"\n", Map.of("v", "1"), "t.yaml"));
        assertTrue(e.getMessage().startsWith("t.yaml:3:5: unknown template variable ${vars.nope}"), e.getMessage());
    }
}
