package dev.runner.local.api;

import java.util.List;

/** The authenticated user of a request (user.Info of k8s.io/apiserver): name, uid and groups. */
public record UserInfo(String name, String uid, List<String> groups) {
    public UserInfo {
        groups = List.copyOf(groups);
    }
}
