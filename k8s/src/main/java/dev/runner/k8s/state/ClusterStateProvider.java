package dev.runner.k8s.state;

import dev.runner.state.StateBackend;
import dev.runner.state.StateBackendProvider;
import java.io.IOException;
import java.util.Map;

/** {@code --state cluster}: {@link ClusterState} on the kube context of the run's settings. */
public final class ClusterStateProvider implements StateBackendProvider {
    @Override
    public String name() {
        return "cluster";
    }

    @Override
    public StateBackend open(Map<String, String> settings, Map<String, String> env) throws IOException {
        return ClusterState.connect(settings, env);
    }
}
