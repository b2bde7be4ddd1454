package dev.runner.plan;

import static dev.runner.plan.Workflows.step;
import static dev.runner.plan.Workflows.when;
import static dev.runner.plan.Workflows.workflow;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.runner.model.Workflow;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GraphTest {
    final Workflow wf = workflow(List.of(),
            step("config", "apply", Map.of()),
            step("restart.a", "delete-pod", Map.of(), "config"),
            when(step("restart.inner.b", "log", Map.of()), "${params.x} == \"y\""),
            step("done", "log", Map.of(), "restart.a", "restart.inner.b"));

    @Test
    void mermaidGroupsCompositeStepsInNestedSubgraphs() {
        assertEquals("""
                flowchart TD
                  s0["config<br/>apply"]
                  subgraph g0["restart"]
                    s1["restart.a<br/>delete-pod"]
                    subgraph g1["restart.inner"]
                      s2{{"restart.inner.b<br/>log<br/>when ${params.x} == #quot;y#quot;"}}
                    end
                  end
                  s3["done<br/>log"]
                  s0 --> s1
                  s1 --> s3
                  s2 --> s3
                """, Graph.render(wf, Graph.Format.MERMAID));
    }

    @Test
    void dotUsesClustersAndQuotedIds() {
        assertEquals("""
                digraph "test" {
                  rankdir=TB;
                  node [shape=box, style=rounded];
                  "config" [label="config\\napply"];
                  subgraph "cluster_restart" {
                    label="restart";
                    "restart.a" [label="restart.a\\ndelete-pod"];
                    subgraph "cluster_restart.inner" {
                      label="restart.inner";
                      "restart.inner.b" [label="restart.inner.b\\nlog\\nwhen ${params.x} == \\"y\\"", style="rounded,dashed"];
                    }
                  }
                  "done" [label="done\\nlog"];
                  "config" -> "restart.a";
                  "restart.a" -> "done";
                  "restart.inner.b" -> "done";
                }
                """, Graph.render(wf, Graph.Format.DOT));
    }
}
