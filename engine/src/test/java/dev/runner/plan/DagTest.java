package dev.runner.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DagTest {
    static Dag dag(String... spec) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (String s : spec) {
            String[] p = s.split(":");
            m.put(p[0], p.length > 1 ? List.of(p[1].split(",")) : List.of());
        }
        return new Dag(m);
    }

    @Test
    void orderIsTopologicalAndStableByDeclaration() {
        Dag d = dag("e:d", "a", "d:b,c", "c", "b:a");
        assertEquals(List.of("a", "c", "b", "d", "e"), d.order());
        assertEquals(List.of("a", "b", "c"), dag("a", "b", "c").order());
    }

    @Test
    void upstreamDownstreamSinksRoots() {
        Dag d = dag("a", "b:a", "c:b", "x");
        assertEquals(Set.of("a", "b"), d.upstream("c"));
        assertEquals(Set.of("b", "c"), d.downstream("a"));
        assertEquals(List.of("c", "x"), d.sinks());
        assertEquals(List.of("a", "x"), d.roots());
    }

    @Test
    void dependsOnFollowsNeedsTransitivelyAndOnlyUpstream() {
        Dag d = dag("a", "b:a", "c:b", "x", "y:x,c");
        assertTrue(d.dependsOn("c", "a"));
        assertTrue(d.dependsOn("y", "a"));
        assertTrue(d.dependsOn("c", "b"));
        assertFalse(d.dependsOn("a", "c"), "downstream is not upstream");
        assertFalse(d.dependsOn("c", "x"));
        assertFalse(d.dependsOn("c", "c"));
        Dag cycle = dag("p:q", "q:p");
        assertTrue(cycle.dependsOn("p", "q"));
        assertTrue(cycle.dependsOn("p", "p"), "a step in a cycle depends on itself, and the search ends");
    }

    @Test
    void findsCyclesAndRefusesToOrderThem() {
        Dag d = dag("a:c", "b:a", "c:b", "z");
        assertEquals(Optional.of(List.of("a", "b", "c", "a")), d.findCycle());
        assertThrows(IllegalStateException.class, d::order);
        assertEquals(Optional.empty(), dag("a", "b:a").findCycle());
    }

    @Test
    void unknownNeedsAreIgnored() {
        Dag d = dag("a:ghost");
        assertTrue(d.needs("a").isEmpty());
        assertEquals(List.of("a"), d.order());
    }

    @Test
    void largeChainIsFast() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (int i = 0; i < 20_000; i++) {
            m.put("s" + i, i == 0 ? List.of() : List.of("s" + (i - 1)));
        }
        Dag d = new Dag(m);
        assertEquals(20_000, d.order().size());
        assertEquals(19_999, d.upstream("s19999").size());
        assertTrue(d.findCycle().isEmpty());
    }
}
