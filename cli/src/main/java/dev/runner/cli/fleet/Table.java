package dev.runner.cli.fleet;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Plain-text columns, each as wide as its widest cell (the live table and the summary). */
final class Table {
    private final List<String[]> lines = new ArrayList<>();

    Table(String... header) {
        lines.add(header);
    }

    Table add(String... cells) {
        lines.add(cells);
        return this;
    }

    List<String> render() {
        int cols = lines.get(0).length;
        int[] width = new int[cols];
        for (String[] l : lines) {
            for (int i = 0; i < cols - 1; i++) {
                width[i] = Math.max(width[i], l[i].length());
            }
        }
        List<String> out = new ArrayList<>();
        for (String[] l : lines) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < cols; i++) {
                b.append(i < cols - 1 ? String.format("%-" + width[i] + "s  ", l[i]) : l[i]);
            }
            out.add(b.toString().stripTrailing());
        }
        return out;
    }

    static String seconds(Duration d) {
        return String.format("%.1fs", d.toMillis() / 1000.0);
    }
}
