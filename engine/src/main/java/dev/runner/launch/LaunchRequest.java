package dev.runner.launch;

import dev.runner.exec.Cancellation;
import dev.runner.step.ApiAccess;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A run to start inside the cluster ({@code runner run --in-cluster}): the workflow and every file it reads, its
 * params (the secret ones apart, so they go where secrets go), the API access its steps declared (the run's
 * ServiceAccount gets exactly that), and how the terminal follows it.
 *
 * @param files        the workflow, its step files and the manifests it reads, by path relative to a common root
 * @param entry        the workflow's own path among {@code files}
 * @param settings     cluster settings as for steps ({@code kubeconfig}, {@code context}, {@code namespace}, ...)
 * @param image        the runner image the Job runs
 * @param cancel       Ctrl-C ({@code cancellation} cancelled by the user) stops the run instead of detaching
 * @param out          one line at a time: the run's progress and summary (its pod's log) and launch messages
 */
public record LaunchRequest(String workflowName, Map<String, String> files, String entry, Map<String, String> params,
                            Map<String, String> secretParams, List<ApiAccess> access, Map<String, String> settings,
                            String image, boolean cancel, Cancellation cancellation, Consumer<String> out) {
    public LaunchRequest {
        files = Map.copyOf(files);
        params = Map.copyOf(params);
        secretParams = Map.copyOf(secretParams);
        access = List.copyOf(access);
        settings = Map.copyOf(settings);
    }
}
