package dev.runner.plan;

import dev.runner.model.Step;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Function;

/**
 * The dependency graph of steps given by {@code needs}. Edges to unknown ids are ignored (the loader
 * reports them). Orders are stable: among steps that are ready at the same time, declaration order wins.
 */
public final class Dag {
    private final List<String> ids;
    private final Map<String, Integer> index = new LinkedHashMap<>();
    private final Map<String, List<String>> needs = new LinkedHashMap<>();
    private final Map<String, List<String>> dependents = new LinkedHashMap<>();

    /** @param needsById step id → the ids it needs, in declaration order */
    public Dag(Map<String, List<String>> needsById) {
        this.ids = List.copyOf(needsById.keySet());
        for (String id : ids) {
            index.put(id, index.size());
            dependents.put(id, new ArrayList<>());
        }
        for (String id : ids) {
            List<String> known = new ArrayList<>();
            for (String n : new LinkedHashSet<>(needsById.get(id))) {
                if (index.containsKey(n)) {
                    known.add(n);
                    dependents.get(n).add(id);
                }
            }
            needs.put(id, List.copyOf(known));
        }
    }

    public static Dag of(List<Step> steps) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (Step s : steps) {
            m.putIfAbsent(s.id(), s.needs());
        }
        return new Dag(m);
    }

    public List<String> ids() {
        return ids;
    }

    public boolean contains(String id) {
        return index.containsKey(id);
    }

    /** Direct needs of a step (known ids only). */
    public List<String> needs(String id) {
        return needs.getOrDefault(id, List.of());
    }

    /** Steps that directly need {@code id}. */
    public List<String> dependents(String id) {
        return Collections.unmodifiableList(dependents.getOrDefault(id, List.of()));
    }

    /** Steps nothing else needs. */
    public List<String> sinks() {
        return ids.stream().filter(id -> dependents.get(id).isEmpty()).toList();
    }

    /** Steps that need nothing. */
    public List<String> roots() {
        return ids.stream().filter(id -> needs.get(id).isEmpty()).toList();
    }

    /** Every step {@code id} depends on, directly or transitively. */
    public Set<String> upstream(String id) {
        return reach(id, this::needs, null);
    }

    /**
     * Whether {@code id} depends on {@code other}, directly or transitively: a search from {@code id} that stops
     * when it meets {@code other}, which is usually a step or two away (cheaper than {@link #upstream} per
     * reference for long chains).
     */
    public boolean dependsOn(String id, String other) {
        return reach(id, this::needs, other).contains(other);
    }

    /** Every step that depends on {@code id}, directly or transitively. */
    public Set<String> downstream(String id) {
        return reach(id, this::dependents, null);
    }

    /** The steps reached from {@code id} along {@code next}, stopping early once {@code stopAt} is reached. */
    private static Set<String> reach(String id, Function<String, List<String>> next, String stopAt) {
        Set<String> seen = new LinkedHashSet<>();
        List<String> todo = new ArrayList<>(next.apply(id));
        while (!todo.isEmpty()) {
            String n = todo.remove(todo.size() - 1);
            if (seen.add(n)) {
                if (n.equals(stopAt)) {
                    break;
                }
                todo.addAll(next.apply(n));
            }
        }
        return seen;
    }

    /**
     * Topological order, stable by declaration order.
     *
     * @throws IllegalStateException when the graph has a cycle (check {@link #findCycle()} first)
     */
    public List<String> order() {
        Map<String, Integer> missing = new LinkedHashMap<>();
        PriorityQueue<String> ready = new PriorityQueue<>((a, b) -> index.get(a) - index.get(b));
        for (String id : ids) {
            missing.put(id, needs.get(id).size());
            if (needs.get(id).isEmpty()) {
                ready.add(id);
            }
        }
        List<String> out = new ArrayList<>(ids.size());
        while (!ready.isEmpty()) {
            String id = ready.poll();
            out.add(id);
            for (String d : dependents.get(id)) {
                if (missing.merge(d, -1, Integer::sum) == 0) {
                    ready.add(d);
                }
            }
        }
        if (out.size() != ids.size()) {
            throw new IllegalStateException("cycle: " + String.join(" -> ", findCycle().orElse(List.of())));
        }
        return out;
    }

    /**
     * A cycle if there is one, as the list of ids along it with the first repeated at the end
     * ({@code [a, b, c, a]}), starting from the earliest declared step on it.
     */
    public Optional<List<String>> findCycle() {
        Map<String, Integer> state = new LinkedHashMap<>(); // 1 = on stack, 2 = done
        for (String start : ids) {
            if (state.containsKey(start)) {
                continue;
            }
            List<String> stack = new ArrayList<>();
            List<Integer> next = new ArrayList<>();
            stack.add(start);
            next.add(0);
            state.put(start, 1);
            while (!stack.isEmpty()) {
                int top = stack.size() - 1;
                String id = stack.get(top);
                // follow execution order (b after a when b needs a), so a cycle prints as a -> b -> a
                List<String> out = dependents.get(id);
                if (next.get(top) < out.size()) {
                    String n = out.get(next.get(top));
                    next.set(top, next.get(top) + 1);
                    Integer st = state.get(n);
                    if (st == null) {
                        state.put(n, 1);
                        stack.add(n);
                        next.add(0);
                    } else if (st == 1) {
                        List<String> cycle = new ArrayList<>(stack.subList(stack.indexOf(n), stack.size()));
                        cycle.add(n);
                        return Optional.of(cycle);
                    }
                } else {
                    state.put(id, 2);
                    stack.remove(top);
                    next.remove(top);
                }
            }
        }
        return Optional.empty();
    }
}
