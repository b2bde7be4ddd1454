package dev.runner.load;

import dev.runner.model.SourcePos;
import java.util.ArrayList;
import java.util.List;

/** Collects problems so that every one is reported at once. */
final class Problems {
    private final List<Problem> list = new ArrayList<>();

    void add(SourcePos pos, String message) {
        list.add(new Problem(pos, message));
    }

    void addAll(List<Problem> more) {
        list.addAll(more);
    }

    boolean isEmpty() {
        return list.isEmpty();
    }

    int size() {
        return list.size();
    }

    List<Problem> list() {
        return list;
    }

    void throwIfAny() throws LoadException {
        if (!list.isEmpty()) {
            throw new LoadException(list);
        }
    }
}
