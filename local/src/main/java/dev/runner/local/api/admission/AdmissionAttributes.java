package dev.runner.local.api.admission;

import dev.runner.local.api.UserInfo;
import dev.runner.local.api.registry.ResourceRef;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What an admission plugin is told (admission.Attributes of k8s.io/apiserver): the operation, the resource (with
 * its kind), the object as it will be stored, the stored object on update, the user (null when no authentication
 * stage is installed) and whether it is a dry run.
 */
public record AdmissionAttributes(Operation operation, ResourceRef ref, ObjectNode object, JsonNode oldObject,
        UserInfo user, boolean dryRun) {
    public enum Operation { CREATE, UPDATE }
}
