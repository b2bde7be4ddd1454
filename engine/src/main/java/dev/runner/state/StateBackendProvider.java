package dev.runner.state;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * A kind of {@link StateBackend} other than the state directory, found with {@link ServiceLoader} (module k8s
 * provides {@code cluster}), so the engine and the CLI compile without knowing where runs may be kept.
 */
public interface StateBackendProvider {
    /** The name {@code --state} chooses it by. */
    String name();

    /** The backend for the run's kube settings ({@code kubeconfig}, {@code context}, {@code namespace}). */
    StateBackend open(Map<String, String> settings, Map<String, String> env) throws IOException;

    static Optional<StateBackendProvider> named(String name) {
        return ServiceLoader.load(StateBackendProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals(name)).findFirst();
    }
}
