package dev.runner.k8s.manifest;

import java.util.ArrayList;
import java.util.List;

/** A unified diff (LCS over lines, 3 lines of context) as kubectl diff prints it. */
public final class UnifiedDiff {
    private static final int CONTEXT = 3;

    private UnifiedDiff() {
    }

    /** Empty when the texts are equal. */
    public static List<String> diff(String fromName, List<String> a, String toName, List<String> b) {
        int n = a.size();
        int m = b.size();
        int[][] lcs = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        // edit script: ' ' keep, '-' delete, '+' insert, with the index into a (or b) of each line
        StringBuilder ops = new StringBuilder();
        List<String> text = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && a.get(i).equals(b.get(j))) {
                ops.append(' ');
                text.add(a.get(i++));
                j++;
            } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
                ops.append('-');
                text.add(a.get(i++));
            } else {
                ops.append('+');
                text.add(b.get(j++));
            }
        }
        List<String> out = new ArrayList<>();
        int k = 0;
        int aLine = 0;
        int bLine = 0;
        while (k < ops.length()) {
            if (ops.charAt(k) == ' ') {
                k++;
                aLine++;
                bLine++;
                continue;
            }
            int start = Math.max(0, k - CONTEXT);
            int end = k;
            // extend the hunk while changes are within 2*CONTEXT lines of each other
            int last = k;
            while (end < ops.length()) {
                if (ops.charAt(end) != ' ') {
                    last = end;
                } else if (end - last > 2 * CONTEXT) {
                    break;
                }
                end++;
            }
            end = Math.min(ops.length(), last + CONTEXT + 1);
            int aStart = aLine - (k - start);
            int bStart = bLine - (k - start);
            int aCount = 0;
            int bCount = 0;
            List<String> body = new ArrayList<>();
            for (int x = start; x < end; x++) {
                char op = ops.charAt(x);
                body.add(op + text.get(x));
                if (op != '+') {
                    aCount++;
                }
                if (op != '-') {
                    bCount++;
                }
            }
            if (out.isEmpty()) {
                out.add("--- " + fromName);
                out.add("+++ " + toName);
            }
            out.add("@@ -" + (aCount == 0 ? aStart : aStart + 1) + "," + aCount + " +"
                    + (bCount == 0 ? bStart : bStart + 1) + "," + bCount + " @@");
            out.addAll(body);
            for (int x = k; x < end; x++) {
                char op = ops.charAt(x);
                if (op != '+') {
                    aLine++;
                }
                if (op != '-') {
                    bLine++;
                }
            }
            k = end;
        }
        return out;
    }
}
