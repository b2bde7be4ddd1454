package dev.runner.local.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.cli.Main;
import dev.runner.local.Testbed;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The four workflows end to end through the real CLI ({@code runner demo}): configure-backup on old, point-in-time
 * recovery on new (rows exactly as of the target), post-recovery across contexts, stop-backup (template restored,
 * archiving off). The demo verifies each outcome itself and exits 1 when one is wrong.
 */
class DemoE2eTest {
    @Test
    void demoRunsAllFourWorkflowsAndItsChecksPass() throws Exception {
        Testbed.requirePostgres();
        Testbed.requirePgbackrest();
        Path dir = Testbed.tempDir("local-demo-e2e");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> env = new HashMap<>(System.getenv());
        int code = Main.run(new String[] {"demo", "--work-dir", dir.resolve("demo").toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                env);
        String text = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
        System.out.println(text);
        assertEquals(0, code, text);
        assertTrue(text.contains("checks: all passed"), text);
        assertTrue(!text.contains("old-pg-") && !text.contains("old-admin-"), "no password printed");
    }
}
