package dev.runner.local.kubelet;

import java.util.List;
import java.util.Map;

/**
 * Everything needed to start one process of a pod: the command, its complete environment, the pod's mounts, the
 * user to run as (null = the kubelet's own user) and the working directory (null = /).
 */
record LaunchSpec(List<String> command, Map<String, String> env, List<Mount> mounts, String user, String workingDir) {

    LaunchSpec withCommand(List<String> newCommand) {
        return new LaunchSpec(newCommand, env, mounts, user, workingDir);
    }
}
