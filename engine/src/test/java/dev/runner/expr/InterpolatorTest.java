package dev.runner.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InterpolatorTest {
    @TempDir
    Path dir;

    final Interpolator interp = new Interpolator();

    Scope scope() {
        return new Scope(Map.of("ns", "hasura", "evil", "${env:HOME}"),
                Map.of("build", Map.of("image", "pg:15", "tag", "v1")), Map.of("USER", "alice"), dir);
    }

    @Test
    void resolvesEveryKindInNestedStructures() throws Exception {
        Files.writeString(dir.resolve("token.txt"), "s3cr3t\n");
        Object out = interp.resolve(Map.of("a", "ns=${params.ns}", "b", List.of("${steps.build.outputs.image}",
                Map.of("c", "${env:USER}/${file:token.txt}")), "n", 3), scope());
        assertEquals(Map.of("a", "ns=hasura", "b", List.of("pg:15", Map.of("c", "alice/s3cr3t")), "n", 3), out);
    }

    @Test
    void escapedDollarIsALiteralAndValuesAreNotReinterpolated() {
        assertEquals("${params.ns} and ${env:HOME}", interp.resolveString("$${params.ns} and ${params.evil}", scope()));
    }

    @Test
    void aWholeReferenceStaysAString() {
        assertEquals("hasura", interp.resolve("${params.ns}", scope()));
    }

    @Test
    void fileContentLosesOnlyOneTrailingNewline() throws Exception {
        Files.writeString(dir.resolve("two.txt"), "x\n\n");
        assertEquals("x\n", interp.resolveString("${file:two.txt}", scope()));
    }

    /** ${file:} reads a regular file and at most the limit: /dev/zero would never end (issue 19 item 14). */
    @Test
    void fileMustBeRegularAndBounded() throws Exception {
        java.nio.file.Files.createSymbolicLink(dir.resolve("zero"), java.nio.file.Path.of("/dev/zero"));
        assertMessage("${file:zero}: " + dir.resolve("zero") + " is a character device, not a regular file",
                "${file:zero}");
        Files.write(dir.resolve("big.txt"), new byte[Interpolator.MAX_FILE_BYTES + 1]);
        assertMessage("big.txt is larger than 1048576 bytes", "${file:big.txt}");
        assertMessage("is a directory", "${file:.}");
    }

    @Test
    void undefinedReferencesFailWithClearMessages() {
        assertMessage("parameter 'nope' has no value", "${params.nope}");
        assertMessage("step 'other' has no outputs", "${steps.other.outputs.x}");
        assertMessage("step 'build' has no output 'digest' (it has: ", "${steps.build.outputs.digest}");
        assertMessage("environment variable NOPE is not set", "${env:NOPE}");
        assertMessage("no such file", "${file:missing.txt}");
        assertMessage("cannot resolve ${what}", "x ${what} y");
    }

    private void assertMessage(String expected, String text) {
        ExpressionException e = assertThrows(ExpressionException.class, () -> interp.resolveString(text, scope()));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void referencesAreFoundWithKindsAndOffsets() {
        List<Reference> refs = Reference.all("a ${params.x} $${params.lit} ${steps.a.b.outputs.k} ${env:V} ${file:f} ${x");
        assertEquals(List.of(Reference.Kind.PARAM, Reference.Kind.STEP_OUTPUT, Reference.Kind.ENV,
                Reference.Kind.FILE, Reference.Kind.INVALID), refs.stream().map(Reference::kind).toList());
        assertEquals("x", refs.get(0).name());
        assertEquals(2, refs.get(0).offset());
        assertEquals("a.b", refs.get(1).name());
        assertEquals("k", refs.get(1).key());
        assertEquals("V", refs.get(2).name());
        assertEquals("f", refs.get(3).name());
    }
}
