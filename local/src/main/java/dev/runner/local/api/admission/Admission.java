package dev.runner.local.api.admission;

import dev.runner.local.api.registry.ApiException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The ordered admission plugins of one API server: all mutating phases first, then all validating phases. */
public final class Admission {
    private final List<AdmissionPlugin> plugins = new CopyOnWriteArrayList<>();

    public void add(AdmissionPlugin plugin) {
        plugins.add(plugin);
    }

    public void mutate(AdmissionAttributes attributes) throws ApiException {
        for (AdmissionPlugin p : plugins) {
            p.mutate(attributes);
        }
    }

    public void validate(AdmissionAttributes attributes) throws ApiException {
        for (AdmissionPlugin p : plugins) {
            p.validate(attributes);
        }
    }
}
