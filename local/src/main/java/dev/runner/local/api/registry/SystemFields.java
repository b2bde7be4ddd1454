package dev.runner.local.api.registry;

import java.util.UUID;
import tools.jackson.databind.node.ObjectNode;

/**
 * rest.FillObjectMetaSystemFields: the API server gives a new object its uid before the kind's strategy
 * validates it, so a strategy (the Job's selector) can use it. A uid a client sent is replaced, as upstream.
 * https://github.com/kubernetes/kubernetes/blob/master/staging/src/k8s.io/apiserver/pkg/registry/rest/meta.go
 */
final class SystemFields {
    private SystemFields() {
    }

    static void fillOnCreate(ObjectNode obj) {
        Json.object(obj, "metadata").put("uid", UUID.randomUUID().toString());
    }
}
