package dev.runner.k8s.state;

import dev.runner.state.StateBackend;
import dev.runner.state.StateBackendContract;
import java.time.Clock;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;

/** The API-server backend (ConfigMaps + Lease) against the contract every state backend meets. */
class ClusterStateContractTest extends StateBackendContract {
    private final StateMock mock = new StateMock();

    @AfterEach
    void stop() {
        mock.close();
    }

    @Override
    protected StateBackend backend() {
        return mock.state(Limits.DEFAULT, Clock.systemUTC());
    }

    @Override
    protected String storedText(String runId) {
        return mock.configMaps().stream().flatMap(c -> c.getData().values().stream())
                .collect(Collectors.joining("\n"));
    }
}
