package dev.runner.expr;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * A {@code when:} condition.
 *
 * <pre>
 * expr     := or
 * or       := and ( '||' and )*
 * and      := unary ( '&amp;&amp;' unary )*
 * unary    := '!' unary | primary
 * primary  := '(' expr ')' | operand [ ( '==' | '!=' ) operand ]
 * operand  := '${' reference '}' | 'single quoted' | "double quoted" | bare word or number
 * </pre>
 * Operands are strings; {@code ==} and {@code !=} compare them exactly. An operand that stands alone (not
 * compared) must be {@code true} or {@code false} (any case) once resolved, otherwise evaluation fails
 * ({@code when: 'yes' is not a boolean}). Quoted strings have no escapes and are not interpolated.
 * Bare words run until whitespace or one of {@code ( ) ! = & |}.
 */
public final class Condition {
    private final String text;
    private final Node root;
    private final List<String> references;

    private Condition(String text, Node root, List<String> references) {
        this.text = text;
        this.root = root;
        this.references = List.copyOf(references);
    }

    public static Condition parse(String text) {
        ConditionParser p = new ConditionParser(text);
        return new Condition(text, p.parseAll(), p.references());
    }

    /**
     * @param refResolver resolves the text inside {@code ${...}} (e.g. {@code params.x}) to its value;
     *                    may throw {@link ExpressionException}
     */
    public boolean evaluate(Function<String, String> refResolver) {
        return root.test(refResolver);
    }

    /** The texts of the {@code ${...}} references, in order (e.g. {@code params.restartApps}). */
    public List<String> references() {
        return references;
    }

    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return text;
    }

    interface Node {
        boolean test(Function<String, String> r);
    }

    /** A literal or a reference. */
    record Operand(String literal, String ref) {
        String value(Function<String, String> r) {
            return ref != null ? r.apply(ref) : literal;
        }

        String written() {
            return ref != null ? "${" + ref + "}" : "'" + literal + "'";
        }
    }

    record Truthy(Operand operand) implements Node {
        public boolean test(Function<String, String> r) {
            String v = operand.value(r);
            String lower = v.trim().toLowerCase(Locale.ROOT);
            if (lower.equals("true")) {
                return true;
            }
            if (lower.equals("false")) {
                return false;
            }
            String what = operand.ref() != null ? operand.written() + " = '" + v + "'" : "'" + v + "'";
            throw new ExpressionException("when: " + what + " is not a boolean (true or false)");
        }
    }

    record Compare(Operand left, boolean equal, Operand right) implements Node {
        public boolean test(Function<String, String> r) {
            return left.value(r).equals(right.value(r)) == equal;
        }
    }

    record Not(Node inner) implements Node {
        public boolean test(Function<String, String> r) {
            return !inner.test(r);
        }
    }

    record And(Node left, Node right) implements Node {
        public boolean test(Function<String, String> r) {
            return left.test(r) && right.test(r);
        }
    }

    record Or(Node left, Node right) implements Node {
        public boolean test(Function<String, String> r) {
            return left.test(r) || right.test(r);
        }
    }

    /** Recursive descent over the characters; positions in messages are 1-based. */
    private static final class ConditionParser {
        private final String s;
        private final List<String> refs = new ArrayList<>();
        private int i;
        private int depth;

        ConditionParser(String s) {
            this.s = s;
        }

        List<String> references() {
            return refs;
        }

        Node parseAll() {
            skip();
            if (i >= s.length()) {
                throw error("empty condition");
            }
            Node n = or();
            skip();
            if (i < s.length()) {
                throw error("unexpected '" + s.charAt(i) + "'");
            }
            return n;
        }

        private Node or() {
            Node n = and();
            while (eat("||")) {
                n = new Or(n, and());
            }
            return n;
        }

        private Node and() {
            Node n = unary();
            while (eat("&&")) {
                n = new And(n, unary());
            }
            return n;
        }

        private Node unary() {
            skip();
            if (i < s.length() && s.charAt(i) == '!' && !s.startsWith("!=", i)) {
                i++;
                return new Not(unary());
            }
            return primary();
        }

        private Node primary() {
            skip();
            if (i < s.length() && s.charAt(i) == '(') {
                if (++depth > 32) {
                    throw error("too deeply nested");
                }
                i++;
                Node n = or();
                if (!eat(")")) {
                    throw error(i < s.length() ? "expected ')' but found '" + s.charAt(i) + "'" : "missing ')'");
                }
                depth--;
                return n;
            }
            Operand left = operand();
            if (eat("==")) {
                return new Compare(left, true, operand());
            }
            if (eat("!=")) {
                return new Compare(left, false, operand());
            }
            return new Truthy(left);
        }

        private Operand operand() {
            skip();
            if (i >= s.length()) {
                throw error("expected a value but the condition ended");
            }
            char c = s.charAt(i);
            if (s.startsWith("${", i)) {
                int end = s.indexOf('}', i);
                if (end < 0) {
                    throw error("unterminated ${");
                }
                String ref = s.substring(i + 2, end).trim();
                if (ref.isEmpty()) {
                    throw error("empty ${}");
                }
                refs.add(ref);
                i = end + 1;
                return new Operand(null, ref);
            }
            if (c == '\'' || c == '"') {
                int end = s.indexOf(c, i + 1);
                if (end < 0) {
                    throw error("unterminated string");
                }
                String lit = s.substring(i + 1, end);
                i = end + 1;
                return new Operand(lit, null);
            }
            int start = i;
            while (i < s.length() && !Character.isWhitespace(s.charAt(i)) && "()!=&|".indexOf(s.charAt(i)) < 0) {
                i++;
            }
            if (start == i) {
                throw error("expected a value but found '" + c + "'");
            }
            return new Operand(s.substring(start, i), null);
        }

        private boolean eat(String token) {
            skip();
            if (s.startsWith(token, i)) {
                i += token.length();
                return true;
            }
            return false;
        }

        private void skip() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        private ExpressionException error(String what) {
            return new ExpressionException("invalid when condition '" + s + "': " + what + " at character "
                    + (Math.min(i, s.length()) + 1));
        }
    }
}
