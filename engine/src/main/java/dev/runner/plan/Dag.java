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
        return findCycles().stream().findFirst();
    }

    /**
     * One cycle for each group of steps that wait for each other in a circle (a strongly connected component), in
     * the order of each group's earliest declared step, so that every separate cycle is reported at once. A group
     * may hold more than one cycle; the one shown is the shortest through its earliest declared step, written in
     * execution order ({@code b} after {@code a} when {@code b} needs {@code a}) as in {@link #findCycle}.
     */
    public List<List<String>> findCycles() {
        Map<String, Integer> component = components();
        Set<Integer> seen = new java.util.HashSet<>();
        List<List<String>> cycles = new ArrayList<>();
        for (String id : ids) {
            if (seen.add(component.get(id))) {
                shortestCycle(id, component).ifPresent(cycles::add);
            }
        }
        return cycles;
    }

    /** Kosaraju: finishing order along {@code dependents}, then components along {@code needs}; no recursion. */
    private Map<String, Integer> components() {
        List<String> finished = new ArrayList<>(ids.size());
        Set<String> visited = new java.util.HashSet<>();
        for (String root : ids) {
            if (!visited.add(root)) {
                continue;
            }
            java.util.Deque<String> stack = new java.util.ArrayDeque<>(List.of(root));
            java.util.Deque<java.util.Iterator<String>> next = new java.util.ArrayDeque<>();
            next.push(dependents.get(root).iterator());
            while (!stack.isEmpty()) {
                java.util.Iterator<String> it = next.peek();
                if (it.hasNext()) {
                    String n = it.next();
                    if (visited.add(n)) {
                        stack.push(n);
                        next.push(dependents.get(n).iterator());
                    }
                } else {
                    finished.add(stack.pop());
                    next.pop();
                }
            }
        }
        Map<String, Integer> component = new java.util.HashMap<>();
        for (int i = finished.size() - 1; i >= 0; i--) {
            String root = finished.get(i);
            if (component.containsKey(root)) {
                continue;
            }
            int c = i;
            component.put(root, c);
            java.util.Deque<String> todo = new java.util.ArrayDeque<>(List.of(root));
            while (!todo.isEmpty()) {
                for (String n : needs.get(todo.pop())) {
                    if (component.putIfAbsent(n, c) == null) {
                        todo.push(n);
                    }
                }
            }
        }
        return component;
    }

    /** Breadth-first from {@code start} back to it, inside its component. */
    private Optional<List<String>> shortestCycle(String start, Map<String, Integer> component) {
        Map<String, String> cameFrom = new LinkedHashMap<>();
        java.util.Deque<String> todo = new java.util.ArrayDeque<>(List.of(start));
        while (!todo.isEmpty()) {
            String id = todo.poll();
            for (String n : dependents.get(id)) {
                if (n.equals(start)) {
                    List<String> cycle = new ArrayList<>(List.of(start));
                    for (String at = id; !at.equals(start); at = cameFrom.get(at)) {
                        cycle.add(1, at);
                    }
                    cycle.add(start);
                    return Optional.of(cycle);
                }
                if (component.get(n).equals(component.get(start)) && cameFrom.putIfAbsent(n, id) == null) {
                    todo.add(n);
                }
            }
        }
        return Optional.empty();
    }
}
