package dev.runner.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class SecretsTest {
    static final String PEM = "-----BEGIN PRIVATE KEY-----\r\nMIIEvQIBADANBgkqhkiG9w0B\r\nAQEFAASCBKcwggSjAgEAAoIB\r\n"
            + "-----END PRIVATE KEY-----\r\n";
    final Secrets secrets = new Secrets();

    @Test
    void everyLineOfAMultiLineValueIsMaskedOnItsOwn() {
        secrets.add(PEM);
        String shown = secrets.mask("got MIIEvQIBADANBgkqhkiG9w0B\nand then AQEFAASCBKcwggSjAgEAAoIB.");
        assertEquals("got ***\nand then ***.", shown);
    }

    @Test
    void theValueWithNormalisedLineEndsIsMaskedWhole() {
        secrets.add(PEM);
        assertEquals("[***]", secrets.mask("[" + PEM.replace("\r\n", "\n") + "]"));
        assertEquals("[***]", secrets.mask("[" + PEM + "]"));
    }

    @Test
    void theValueAsAJsonStringIsMasked() throws Exception {
        secrets.add(PEM);
        String json = JsonMapper.builder().build().writeValueAsString(java.util.Map.of("k", PEM));
        String shown = secrets.mask(json);
        for (String line : PEM.split("\r\n")) {
            assertFalse(shown.contains(line), shown);
        }
    }

    @Test
    void valuesShorterThanTheMinimumAreNotMaskedAndSaySo() {
        assertFalse(secrets.add("x"));
        assertFalse(secrets.add("abc"));
        assertEquals("text abc", secrets.mask("text abc"));
        assertTrue(secrets.add("abcd"));
        assertEquals("*** x", secrets.mask("abcd x"));
        assertEquals(4, Secrets.MIN_LENGTH);
    }

    @Test
    void shortLinesOfALongValueAreLeftAlone() {
        secrets.add("long-enough-line\nab\n");
        assertEquals("ab ***", secrets.mask("ab long-enough-line"));
    }
}
