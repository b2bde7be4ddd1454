package dev.runner.pgbackrest;

import java.time.Duration;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Reads an {@link Inventory} from a running postgres pod. Implemented where the cluster client lives
 * ({@code dev.runner.k8s}) and found with {@link ServiceLoader}, so the command line does not depend on it.
 */
public interface InventorySource {

    /** Which pod to ask, and how long each command may take. */
    record Query(String pod, String selector, String container, String pgUser, String stanza, Duration timeout) {
    }

    /**
     * @param settings {@code kubeconfig}, {@code context}, {@code namespace} as the other commands pass them
     * @throws InfoException with a message for the user when the pod or the repository cannot be read
     */
    Inventory read(Map<String, String> settings, Query query) throws InterruptedException;

    /**
     * The restore drills recorded for {@code target} (the ConfigMap {@link VerifyHistory#configMapName}); empty
     * when none were recorded.
     *
     * @throws InfoException with a message for the user when it cannot be read
     */
    VerifyHistory verifyHistory(Map<String, String> settings, String target) throws InterruptedException;

    static InventorySource load() {
        return ServiceLoader.load(InventorySource.class).findFirst()
                .orElseThrow(() -> new IllegalStateException("no " + InventorySource.class.getName() + " on the classpath"));
    }
}
