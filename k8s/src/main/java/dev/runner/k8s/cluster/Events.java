package dev.runner.k8s.cluster;

import io.fabric8.kubernetes.api.model.Event;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** The most recent events about some objects, for timeout and failure reports. */
public final class Events {
    private Events() {
    }

    /** Events whose involved object's name is one of {@code names} or starts with one followed by '-'. */
    public static List<String> recent(ClusterTarget t, Collection<String> names, int max) {
        try {
            List<Event> all = t.client().v1().events().inNamespace(t.namespace()).list().getItems();
            return all.stream()
                    .filter(e -> e.getInvolvedObject() != null && e.getInvolvedObject().getName() != null
                            && names.stream().anyMatch(n -> e.getInvolvedObject().getName().equals(n)
                                    || e.getInvolvedObject().getName().startsWith(n + "-")))
                    .sorted(Comparator.comparing(Events::when).reversed())
                    .limit(max)
                    .sorted(Comparator.comparing(Events::when))
                    .map(e -> e.getType() + " " + e.getReason() + " " + e.getInvolvedObject().getKind() + "/"
                            + e.getInvolvedObject().getName() + ": " + e.getMessage())
                    .toList();
        } catch (RuntimeException e) {
            return List.of("(events unavailable: " + e.getMessage() + ")");
        }
    }

    private static String when(Event e) {
        if (e.getLastTimestamp() != null) {
            return e.getLastTimestamp();
        }
        if (e.getEventTime() != null && e.getEventTime().getTime() != null) {
            return e.getEventTime().getTime();
        }
        return e.getMetadata() == null || e.getMetadata().getCreationTimestamp() == null ? ""
                : e.getMetadata().getCreationTimestamp();
    }
}
