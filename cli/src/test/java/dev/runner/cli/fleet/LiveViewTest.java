package dev.runner.cli.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.model.Secrets;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The fleet's live view: a table redrawn in place on a terminal, a line per change otherwise. */
class LiveViewTest {
    private final List<Target> targets = List.of(new Target("shop", null, "shop", Map.of()),
            new Target("blog", "eu", "blog", Map.of()));

    @Test
    void onATerminalTheTableIsRedrawnInPlace() throws Exception {
        Board board = new Board(targets, new Secrets());
        StringWriter text = new StringWriter();
        try (LiveView view = new LiveView(board, new PrintWriter(text), true)) {
            Thread.sleep(400);
            board.started("shop");
            board.row("shop").step = "settings";
            Thread.sleep(400);
            board.finished("shop", Board.State.SUCCEEDED, "");
        }
        String out = text.toString();
        assertTrue(out.startsWith("TARGET  WHERE    STEP  STATE    ELAPSED\u001b[K\n"), out);
        assertTrue(out.contains("\u001b[3F"), "moves up over the 3 lines drawn before: " + out);
        String last = out.substring(out.lastIndexOf("\u001b[3F") + 4);
        assertTrue(last.contains("shop    shop     settings  succeeded"), last);
        assertTrue(last.contains("blog    eu/blog            waiting"), last);
    }

    @Test
    void otherwiseOneLinePerChange() {
        Board board = new Board(targets, new Secrets());
        StringWriter text = new StringWriter();
        try (LiveView view = new LiveView(board, new PrintWriter(text), false)) {
            board.started("blog");
            board.finished("blog", Board.State.FAILED, "step x: 422 bad\nmore");
        }
        assertEquals("[blog] started\n[blog] failed in 0.0s: step x: 422 bad\n", text.toString().replace("\r", ""));
    }
}
